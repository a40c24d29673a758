// Search for a minutes site: type-ahead under the header's search box on every page, the
// full results page (search/) with facets and sort, and highlights on the note a result
// opens. No dependencies, no requests outside the site.
//
// The index is built by src/search.rs, which also holds the reference implementation of
// everything below that decides what matches and in which order (folding, words, special
// terms, query parsing, scoring). Keep the two in step: the browser test runs both.

const VERSION = 3;
const MIN_PREFIX = 3;
const MAX_PREFIX_CHUNKS = 4;
const MAX_EXPANSIONS = 64;
const PREFIX_WEIGHT = 0.7;
const MAX_PHRASE_CHECKS = 200;
const STEM_WEIGHT = 0.6;
const CORRECTION_WEIGHT = 0.5;
const FEW_MATCHES = 2;
const MAX_CORRECTIONS = 3;
const MIN_TYPO_CHARS = 4;
const MAX_TYPO_CHARS = 24;
const TWO_EDITS_FROM = 8;
const PANEL_RESULTS = 8;
/** Decisions and action items shown above the meetings, in the panel and on the search
 * page, unless the query or the filter asks for them alone. */
const PANEL_ITEMS = 3;
const PAGE_ITEMS = 5;
const KIND_LABELS = { meeting: ['meeting', 'meetings', 'Meetings'], decision: ['decision', 'decisions', 'Decisions'], action: ['action item', 'action items', 'Action items'] };
const MAX_HINTS = 3;
const PAGE_RESULTS = 20;
/** Results the search page shows before it fetches the rest of a page of results. */
const FIRST_RESULTS = 5;
const FACET_VALUES = 12;
const EXCERPT_CHARS = 180;
/** The longest the search page works before it lets the browser handle input. */
const SLICE_MS = 8;

// ---------------------------------------------------------------------------------------
// Text → terms (search.rs: fold_into, words, specials, special_term).

const FOLD = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i', 'ς': 'σ', '\u2018': "'", '\u2019': "'", '\u02bc': "'" };
const FOLD_RE = /[ßæœøłđðþıς\u2018\u2019\u02bc]/g;

export function fold(text) {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(FOLD_RE, (c) => FOLD[c]);
}

// Made when first needed: most text is ASCII and never reaches it, and making it loads
// ICU's word-break data.
let SEGMENTER = null;
const segmenter = () => (SEGMENTER ??= new Intl.Segmenter('en', { granularity: 'word' }));
const WORD_CHAR = /^[\p{Alphabetic}\p{N}_]$/u;
const DIGIT = /^[0-9]$/;

// ICU groups Chinese and Japanese into dictionary words; UAX #29 (and so the index) makes
// each ideograph and kana its own word.
const SINGLE = /^[\p{Ideographic}\p{Script=Hiragana}]$/u;

function splitWord(w, out) {
  const cs = [...w];
  let cur = '';
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (SINGLE.test(c)) {
      if (cur) out.push(cur);
      out.push(c);
      cur = '';
      continue;
    }
    const numeric = (c === '.' || c === ',') && i > 0 && DIGIT.test(cs[i - 1]) && i + 1 < cs.length && DIGIT.test(cs[i + 1]);
    if (WORD_CHAR.test(c) || numeric) {
      cur += c;
    } else {
      if (cur) out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

// A run without letters, digits, marks or format characters beyond ASCII (punctuation such
// as — or “ ” splits words wherever it stands, as in UAX #29 followed by `splitWord`) is
// split by the regular expression; only other runs need the segmenter.
const WORDISH = /(?![\x00-\x7f])[\p{Alphabetic}\p{N}\p{M}\p{Cf}]/u;
const plainRun = (run) => !WORDISH.test(run);
// tokenize.rs `AsciiWords`: runs of letters, digits and `_` (a `.` or `,` between digits
// kept), holding a letter or digit.
const ASCII_WORD = /[A-Za-z0-9_]+(?:(?<=[0-9])[.,](?=[0-9])[A-Za-z0-9_]+)*/g;
const ALNUM = /[A-Za-z0-9]/;

/** tokenize.rs `words`: the words of folded text. Each run between ASCII spaces is split on
 * its own; a run whose letters are ASCII (most are) by a regular expression that gives what
 * the segmenter and `splitWord` give, several times faster (segmenting every section of the results was
 * most of the search page's first render). */
export function words(folded) {
  const out = [];
  for (const run of folded.split(/[\t\n\f\r ]+/)) {
    if (!run) continue;
    if (plainRun(run)) {
      for (const m of run.matchAll(ASCII_WORD)) if (ALNUM.test(m[0])) out.push(m[0]);
      continue;
    }
    for (const s of segmenter().segment(run)) {
      if (s.isWordLike) splitWord(s.segment, out);
    }
  }
  return out;
}

const isDigit = (c) => c >= 48 && c <= 57;
const isAlpha = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c) => isDigit(c) || isAlpha(c);
const isName = (c) => isAlnum(c) || c === 95 || c === 46 || c === 45; // _ . -
const isHandle = (c) => isAlnum(c) || c === 45;

function isoDate(t, s) {
  const d = (k) => s + k < t.length && isDigit(t.charCodeAt(s + k));
  if (!(d(0) && d(1) && d(2) && d(3) && t[s + 4] === '-' && d(5) && d(6)) || t[s + 7] !== '-' || !(d(8) && d(9)) || d(10) || (s > 0 && isDigit(t.charCodeAt(s - 1)))) return -1;
  const month = +t.slice(s + 5, s + 7);
  const day = +t.slice(s + 8, s + 10);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? s + 10 : -1;
}

function issueNumber(t, s) {
  let j = s;
  while (j < t.length && isDigit(t.charCodeAt(j))) j++;
  if (j === s || j - s > 9 || (j < t.length && isName(t.charCodeAt(j)) && t[j] !== '.')) return null;
  const n = t.slice(s, j).replace(/^0+/, '');
  return n ? [n, j] : null;
}

function issueRef(t, hash, repo, emit) {
  const num = issueNumber(t, hash + 1);
  if (!num) return -1;
  const [n, end] = num;
  let k = hash;
  while (k > 0 && isName(t.charCodeAt(k - 1))) k--;
  while (k < hash && !isAlnum(t.charCodeAt(k))) k++;
  const name = t.slice(k, hash);
  let start = hash;
  const forms = ['#' + n];
  const [ro, rn] = repo && repo.includes('/') ? repo.toLowerCase().split('/', 2) : [null, null];
  if (/[A-Za-z]/.test(name)) {
    start = k;
    const lname = name.toLowerCase();
    let owner = null;
    if (k > 1 && t[k - 1] === '/') {
      let m = k - 1;
      while (m > 0 && isName(t.charCodeAt(m - 1))) m--;
      if (m < k - 1 && (m === 0 || t[m - 1] !== '/')) {
        owner = t.slice(m, k - 1).toLowerCase();
        start = m;
      }
    }
    forms.push(`${lname}#${n}`);
    if (owner !== null) forms.push(`${owner}/${lname}#${n}`);
    else if (rn === lname) forms.push(`${ro}/${lname}#${n}`);
  } else if (ro !== null) {
    forms.push(`${rn}#${n}`, `${ro}/${rn}#${n}`);
  }
  for (const f of forms) emit(start, end, f);
  return end;
}

function urlRef(t, slash, emit) {
  const seg = (s) => {
    let j = s;
    while (j < t.length && isName(t.charCodeAt(j))) j++;
    return j > s && t[j] === '/' ? j : -1;
  };
  const oEnd = seg(slash + 1);
  if (oEnd < 0) return -1;
  const rEnd = seg(oEnd + 1);
  if (rEnd < 0) return -1;
  const kEnd = seg(rEnd + 1);
  if (kEnd < 0) return -1;
  if (!['issues', 'pull', 'pulls', 'discussions'].includes(t.slice(rEnd + 1, kEnd))) return -1;
  const num = issueNumber(t, kEnd + 1);
  if (!num) return -1;
  const [n, end] = num;
  const owner = t.slice(slash + 1, oEnd).toLowerCase();
  const repo = t.slice(oEnd + 1, rEnd).toLowerCase();
  emit(slash + 1, end, '#' + n);
  emit(slash + 1, end, `${repo}#${n}`);
  emit(slash + 1, end, `${owner}/${repo}#${n}`);
  return end;
}

/** GitHub references, @handles and ISO dates in text: emit(start, end, term). */
export function specials(t, repo, emit) {
  let i = 0;
  while (i < t.length) {
    const c = t[i];
    if (c === '#') {
      const end = issueRef(t, i, repo, emit);
      if (end >= 0) { i = end; continue; }
    } else if (c === '@' && (i === 0 || !(isAlnum(t.charCodeAt(i - 1)) || t[i - 1] === '_'))) {
      let j = i + 1;
      while (j < t.length && isHandle(t.charCodeAt(j)) && j - i <= 39) j++;
      let end = j;
      while (end > i + 1 && t[end - 1] === '-') end--;
      if (end > i + 1 && t[i + 1] !== '-') emit(i, end, t.slice(i, end).toLowerCase());
      i = Math.max(j, i + 1);
      continue;
    } else if (c === '/' && t.slice(Math.max(0, i - 10), i) === 'github.com') {
      const end = urlRef(t, i, emit);
      if (end >= 0) { i = end; continue; }
    } else if (c === '-' && i >= 4) {
      const end = isoDate(t, i - 4);
      if (end >= 0) {
        emit(i - 4, end, t.slice(i - 4, end));
        emit(i - 4, end, t.slice(i - 4, i + 3));
        i = end;
        continue;
      }
    }
    i++;
  }
}

function lastOf(text) {
  let best = null;
  let whole = false;
  specials(text, null, (s, e, t) => { whole = s === 0 && e === text.length; best = t; });
  return [best, whole];
}

/** The special term a query word stands for, or null. */
export function specialTerm(word) {
  const w = word.replace(/[.,;:!?)]+$/, '').toLowerCase();
  if (w.startsWith('gh-')) {
    const num = issueNumber(w, 3);
    return num && num[1] === w.length ? '#' + num[0] : null;
  }
  if (w.includes('github.com/')) return lastOf(w)[0];
  if (w.includes('#')) {
    const [best, whole] = lastOf(w);
    return whole ? best : null;
  }
  if (w.startsWith('@')) {
    const h = w.slice(1).replace(/-+$/, '');
    const ok = h.length > 0 && h.length <= 39 && !h.startsWith('-') && /^[a-z0-9-]+$/.test(h) && !h.includes('--');
    return ok ? '@' + h : null;
  }
  if (/^[0-9]{4}-[0-9]{2}$/.test(w)) {
    const m = +w.slice(5);
    return m >= 1 && m <= 12 ? w : null;
  }
  if (w.length === 10 && isoDate(w, 0) >= 0) return w;
  if (w.length === 10 && w[4] === '/' && w[7] === '/') {
    const iso = w.replace(/\//g, '-');
    return isoDate(iso, 0) >= 0 ? iso : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Word forms (src/search/stem.rs): the Snowball English ("Porter2") stemmer, written from
// the algorithm as published on snowballstem.org. The index is built with rust-stemmers'
// implementation of the same algorithm; a test compares the two on every word of the real
// archives.

const STEMMABLE = /^[\p{Alphabetic}\p{N}_]+$/u;
const ALPHABETIC = /\p{Alphabetic}/u;
const VOWELS = 'aeiouy';
const isV = (c) => c !== undefined && VOWELS.includes(c);
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const LI_ENDING = 'cdeghkmnrt';
const EXCEPTIONS = new Map([['skis', 'ski'], ['skies', 'sky'], ['dying', 'die'], ['lying', 'lie'], ['tying', 'tie'], ['idly', 'idl'], ['gently', 'gentl'], ['ugly', 'ugli'], ['early', 'earli'], ['only', 'onli'], ['singly', 'singl'], ['sky', 'sky'], ['news', 'news'], ['howe', 'howe'], ['atlas', 'atlas'], ['cosmos', 'cosmos'], ['bias', 'bias'], ['andes', 'andes']]);
const AFTER_1A = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);
const STEP2 = [['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'], ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'], ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'], ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', '']];
const STEP3 = [['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'], ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', '']];
const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'al', 'er', 'ic'];

/** Whether a term is a word stemmers apply to (stem.rs `stemmable`). */
function stemmable(word) {
  return STEMMABLE.test(word) && ALPHABETIC.test(word) && [...word].length >= 3;
}

/** The stem of a folded word, or null for what is not stemmed (stem.rs `Stem::stem`). */
export function stem(word) {
  if (!stemmable(word)) return null;
  if (EXCEPTIONS.has(word)) return EXCEPTIONS.get(word);
  return porter2([...word]);
}

/** Where R1 or R2 starts: after the first non-vowel that follows a vowel, from `from`. */
function regionAfter(w, from) {
  let i = from;
  while (i < w.length && !isV(w[i])) i++;
  i++;
  while (i < w.length && isV(w[i])) i++;
  return Math.min(i + 1, w.length);
}

function porter2(w) {
  // y as a consonant (at the start, after a vowel) is Y, which is no vowel.
  if (w[0] === 'y') w[0] = 'Y';
  for (let i = 1; i < w.length; i++) if (w[i] === 'y' && isV(w[i - 1])) w[i] = 'Y';
  const word = w.join('');
  const special = ['gener', 'commun', 'arsen'].find((p) => word.startsWith(p));
  const p1 = special ? special.length : regionAfter(w, 0);
  const p2 = regionAfter(w, p1);
  const ends = (s) => s.length <= w.length && w.slice(w.length - s.length).join('') === s;
  const cut = (n, r) => { w.splice(w.length - n, n, ...r); };
  // A short syllable ends at `end`.
  const shortv = (end) => (end >= 3 && !isV(w[end - 3]) && isV(w[end - 2]) && !'aeiouywxY'.includes(w[end - 1])) ||
    (end === 2 && isV(w[0]) && !isV(w[1]));
  step1a(w, ends, cut);
  if (AFTER_1A.has(w.join(''))) return w.join('');
  step1b(w, ends, cut, p1, shortv);
  const n = w.length;
  if ((w[n - 1] === 'y' || w[n - 1] === 'Y') && n > 2 && !isV(w[n - 2])) w[n - 1] = 'i';
  suffixStep(w, ends, cut, STEP2, (at, s) => at >= p1 && (s !== 'ogi' || w[at - 1] === 'l') && (s !== 'li' || LI_ENDING.includes(w[at - 1])));
  suffixStep(w, ends, cut, STEP3, (at, s) => at >= p1 && (s !== 'ative' || at >= p2));
  suffixStep(w, ends, cut, STEP4.map((s) => [s, '']), (at, s) => at >= p2 && (s !== 'ion' || w[at - 1] === 's' || w[at - 1] === 't'));
  const m = w.length;
  if (w[m - 1] === 'e' && (m - 1 >= p2 || (m - 1 >= p1 && !shortv(m - 1)))) w.pop();
  else if (w[m - 1] === 'l' && m - 1 >= p2 && w[m - 2] === 'l') w.pop();
  return w.join('').replace(/Y/g, 'y');
}

function step1a(w, ends, cut) {
  if (ends('sses')) cut(4, 'ss');
  else if (ends('ied') || ends('ies')) cut(3, w.length > 4 ? 'i' : 'ie');
  else if (ends('us') || ends('ss')) return;
  else if (ends('s') && w.slice(0, w.length - 2).some(isV)) w.pop();
}

function step1b(w, ends, cut, p1, shortv) {
  const s = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find(ends);
  if (!s) return;
  const at = w.length - s.length;
  if (s === 'eed' || s === 'eedly') {
    if (at >= p1) cut(s.length, 'ee');
    return;
  }
  if (!w.slice(0, at).some(isV)) return;
  w.length = at;
  if (ends('at') || ends('bl') || ends('iz')) w.push('e');
  else if (DOUBLES.some(ends)) w.pop();
  else if (w.length === p1 && shortv(w.length)) w.push('e');
}

/** The longest suffix of the list the word ends with; replaced if `ok(start, suffix)`. */
function suffixStep(w, ends, cut, list, ok) {
  const hit = list.find(([s]) => ends(s));
  if (hit && ok(w.length - hit[0].length, hit[0])) cut(hit[0].length, hit[1]);
}

// ---------------------------------------------------------------------------------------
// Typos (src/search/near.rs): words one edit away (two for long words) from near chunks.

const offered = (t) => { const n = [...t].length; return n >= MIN_TYPO_CHARS && n <= MAX_TYPO_CHARS && /^\p{Alphabetic}+$/u.test(t); };
const maxEdits = (w) => ([...w].length >= TWO_EDITS_FROM ? 2 : 1);
const reversed = (w) => [...w].reverse().join('');
const keptChars = (w) => Math.floor(([...w].length - 1) / 2);

/** Optimal string alignment distance by characters, or -1 beyond `max`. */
export function distance(x, y, max) {
  const a = [...x];
  const b = [...y];
  if (Math.abs(a.length - b.length) > max) return -1;
  const w = b.length + 1;
  const d = new Array((a.length + 1) * w).fill(0);
  for (let j = 0; j < w; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    d[i * w] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  const v = d[a.length * w + b.length];
  return v <= max ? v : -1;
}

function chunkIn(firsts, term) {
  let lo = 0;
  let hi = firsts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (firsts[mid] <= term) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo - 1);
}

/** query.rs `near_window`: the near chunks to read, [from, to]. */
function nearWindow(firsts, target, head) {
  if (!firsts.length) return [1, 0];
  const c = chunkIn(firsts, target);
  const from = c > 0 && firsts[c].startsWith(head) ? c - 1 : c;
  const to = c + 1 < firsts.length && firsts[c + 1].startsWith(head) ? c + 1 : c;
  return [from, to];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function dayOf(w) {
  const d = w.replace(/[.,]+$/, '').toLowerCase().replace(/(st|nd|rd|th)$/, '');
  return /^[0-9]{1,2}$/.test(d) ? +d : null;
}

function monthOf(w) {
  const m = w.replace(/[.,]+$/, '').toLowerCase();
  if (m.length < 3) return null;
  const k = MONTHS.findIndex((x) => x === m || (m.length <= 4 && x.startsWith(m)));
  return k < 0 ? null : k + 1;
}

function writtenDate(a, b, c) {
  const year = c.replace(/[.,]+$/, '');
  if (!/^[0-9]{4}$/.test(year)) return null;
  let [day, month] = [dayOf(a), monthOf(b)];
  if (day === null || month === null) [day, month] = [dayOf(b), monthOf(a)];
  if (day === null || month === null) return null;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isoDate(iso, 0) >= 0 ? iso : null;
}

/** tokenize.rs `query_words`: whitespace-separated words, dates written out made ISO. */
export function queryWords(part) {
  const raw = part.split(/\s+/).filter(Boolean);
  const out = [];
  for (let i = 0; i < raw.length; i++) {
    const iso = i + 2 < raw.length ? writtenDate(raw[i], raw[i + 1], raw[i + 2]) : null;
    if (iso !== null) { out.push(iso); i += 2; } else out.push(raw[i]);
  }
  return out;
}

const newItem = (term) => ({ term, prefix: false, stem: null, stemShown: false, also: [] });

/** search.rs `parse`: the items every result must match, and the quoted phrases. */
export function parse(query, typing) {
  const items = [];
  const phrases = [];
  const kinds = [];
  let lastPlain = -1;
  let assigneeNext = false;
  query.split('"').forEach((part, k) => {
    const quoted = k % 2 === 1;
    const phrase = [];
    for (let raw of queryWords(part)) {
      lastPlain = -1;
      let assignee = assigneeNext;
      assigneeNext = false;
      const op = quoted ? null : operator(raw);
      if (op !== null) {
        if (!kinds.includes(op[0])) kinds.push(op[0]);
        assigneeNext = op[1] && op[2] === '';
        assignee = op[1];
        raw = op[2];
      }
      if (assignee) {
        const t = assigneeTerm(raw);
        if (t !== null) { lastPlain = items.length; items.push(newItem(t)); }
        continue;
      }
      const t = specialTerm(raw);
      if (t !== null) {
        if (t.startsWith('@')) lastPlain = items.length;
        items.push(newItem(t));
        continue;
      }
      for (const w of words(fold(raw))) {
        lastPlain = items.length;
        phrase.push(w);
        items.push(newItem(w));
      }
    }
    if (quoted) {
      lastPlain = -1;
      if (phrase.length > 1) phrases.push(phrase);
    }
  });
  const endsOpen = !/\s$/.test(query) && !query.endsWith('"');
  if (typing && endsOpen && lastPlain >= 0 && [...items[lastPlain].term].length >= MIN_PREFIX) items[lastPlain].prefix = true;
  const seen = new Set();
  return {
    items: items.filter((it) => {
      const key = it.term + (it.prefix ? '\u0001' : '');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    phrases,
    kinds,
  };
}

/** query.rs `operator`: `decision:`, `action:` (or plurals) and `assignee:` →
 * [kind, whether an assignee follows, what follows the colon], else null. */
export function operator(raw) {
  const colon = raw.indexOf(':');
  if (colon < 0) return null;
  const rest = raw.slice(colon + 1);
  switch (raw.slice(0, colon).toLowerCase()) {
    case 'decision': case 'decisions': return ['decision', false, rest];
    case 'action': case 'actions': return ['action', false, rest];
    case 'assignee': case 'assigned': return ['action', true, rest];
    default: return null;
  }
}

/** tokenize.rs `assignee_term`: `assignee:@ann`. */
export function assigneeTerm(who) {
  const h = who.replace(/^@+/, '').replace(/[.,;:!?)]+$/, '').toLowerCase();
  return /^[\p{Alphabetic}\p{N}_-]+$/u.test(h) ? `assignee:@${h}` : null;
}

/** query.rs `note_df`: how many of the postings are notes (what idf counts). */
export function noteDf(p, notes) {
  let doc = 0;
  let n = 0;
  for (let k = 0; k < p.length; k += 2) {
    doc += p[k];
    if (doc >= notes) break;
    n++;
  }
  return n;
}

/** The kind of document `doc`: the notes come first, then the decisions, then the action
 * items (meta.json counts each). */
export function kindOf(meta, doc) {
  if (doc < meta.notes) return 'meeting';
  return doc < meta.notes + meta.decisions ? 'decision' : 'action';
}

export function idf(docs, df) {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

function withoutOwner(term) {
  const hash = term.indexOf('#');
  if (hash < 0) return null;
  const slash = term.slice(0, hash).indexOf('/');
  return slash < 0 ? null : term.slice(slash + 1);
}

const STEMS = new Map();

/** Stems of the words of shown text, remembered. */
function stemOf(term) {
  let s = STEMS.get(term);
  if (s === undefined) {
    s = stem(term);
    if (STEMS.size > 20000) STEMS.clear();
    STEMS.set(term, s);
  }
  return s;
}

/** What every word with the item's stem starts with (Porter2 changes at most a word's last
 * three letters): words that do not are never stemmed to be compared. */
const stemHead = (item) => (item._stemHead ??= item.stem.slice(0, Math.max(1, item.stem.length - 3)));

const itemMatches = (item, term) => term === item.term || (item.prefix && term.startsWith(item.term)) ||
  item.also.includes(term) || (item.stem !== null && item.stemShown && term.startsWith(stemHead(item)) && stemOf(term) === item.stem);

const SPANS = new Map();

/** Word and special-term spans of (unfolded) text: [start, end, [terms]], remembered for
 * the texts of recent results, which each keystroke shows again. */
function termSpans(text, repo) {
  const key = (repo || '') + '\u0000' + text;
  const known = SPANS.get(key);
  if (known) return known;
  const spans = computeSpans(text, repo);
  if (SPANS.size > 500) SPANS.clear();
  SPANS.set(key, spans);
  return spans;
}

function computeSpans(text, repo) {
  const spans = [];
  for (const run of text.matchAll(/[^\t\n\f\r ]+/g)) {
    const at = run.index;
    if (plainRun(run[0])) {
      // As `words` splits a plain run (folding keeps every offset of ASCII letters, which
      // are all the letters a plain run holds).
      for (const m of run[0].matchAll(ASCII_WORD)) {
        if (ALNUM.test(m[0])) spans.push([at + m.index, at + m.index + m[0].length, [m[0].toLowerCase()]]);
      }
      continue;
    }
    for (const s of segmenter().segment(run[0])) {
      if (s.isWordLike) spans.push([at + s.index, at + s.index + s.segment.length, splitWord(fold(s.segment), [])]);
    }
  }
  specials(text, repo, (a, b, t) => {
    const last = spans[spans.length - 1];
    if (last && last[3] && last[0] === a && last[1] === b) last[2].push(t);
    else spans.push([a, b, [t], true]);
  });
  return spans.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
}

/** Whether a span's terms satisfy an item; `#12` in text also lights up `o/r#12`. */
function spanMatches(item, terms, special) {
  if (terms.some((t) => itemMatches(item, t))) return true;
  if (special && item.term.includes('#')) {
    const n = item.term.slice(item.term.indexOf('#'));
    return terms.includes(n);
  }
  return false;
}

function hasPhrase(fragment, phrase) {
  const holds = (text) => {
    const ws = words(fold(text));
    outer: for (let i = 0; i + phrase.length <= ws.length; i++) {
      for (let k = 0; k < phrase.length; k++) if (ws[i + k] !== phrase[k]) continue outer;
      return true;
    }
    return false;
  };
  return holds(fragment.title) || fragment.s.some((s) => holds(s[1]) || holds(s[2]));
}

/** Terms of section `k`'s heading and text, worked out once per fragment and section. */
function sectionTerms(fragment, k) {
  fragment._terms ||= [];
  if (!fragment._terms[k]) {
    const s = fragment.s[k];
    const list = (text) => {
      const out = words(fold(text));
      specials(text, fragment.repo || null, (a, b, t) => out.push(t));
      return out;
    };
    fragment._terms[k] = [list(s[1]), list(s[2]).concat(s[3] || [])];
  }
  return fragment._terms[k];
}

const PLAIN = /^[\p{Alphabetic}\p{N}_]+$/u;

/** Strings one of which a text must hold (folded) for a word of it to match `item`: the
 * term (a prefix of what it completes to), its corrections, and the part of its stem that
 * every word with that stem starts with (Porter2 changes at most the last three letters of
 * a word). Null when no such test is safe (a reference, a handle, a date). */
function needles(item) {
  if (item._needles === undefined) {
    if (!PLAIN.test(item.term) || !item.also.every((a) => PLAIN.test(a))) item._needles = null;
    else {
      item._needles = [item.term, ...item.also];
      if (item.stem !== null && item.stemShown) item._needles.push(item.stem.slice(0, Math.max(1, item.stem.length - 3)));
    }
  }
  return item._needles;
}

/** Whether section `k` may hold a match for any item: a cheap test on its folded text, so
 * that only such sections are split into words (splitting every section of twenty long
 * notes took most of the search page's first render). */
function mayMatch(fragment, k, items) {
  const s = fragment.s[k];
  if (s[3] && s[3].length) return true;
  let folded = null;
  for (const item of items) {
    const n = needles(item);
    if (n === null) return true;
    folded ??= fold(s[1]) + '\n' + fold(s[2]);
    if (n.some((x) => folded.includes(x))) return true;
  }
  return false;
}

/** search.rs `best_section`: [section index, heading id or null]. */
function bestSection(fragment, parsed) {
  let best = null;
  fragment.s.forEach((_, idx) => {
    if (!mayMatch(fragment, idx, parsed.items)) return;
    const [heading, text] = sectionTerms(fragment, idx);
    let distinct = 0;
    let hits = 0;
    for (const item of parsed.items) {
      let found = 0;
      let inHeading = false;
      for (const t of heading) if (itemMatches(item, t)) { found++; inHeading = true; }
      for (const t of text) if (itemMatches(item, t)) found++;
      if (found > 0) {
        distinct += inHeading ? 3 : 1;
        hits += found;
      }
    }
    if (distinct > 0 && (best === null || distinct > best[0] || (distinct === best[0] && hits > best[1]))) best = [distinct, hits, idx];
  });
  if (best === null) return [-1, null];
  const id = fragment.s[best[2]][0];
  return [best[2], id || null];
}

// ---------------------------------------------------------------------------------------
// The index, loaded on demand.

export class Index {
  constructor(metaUrl) {
    this.metaUrl = new URL(metaUrl, location.href);
    this.base = new URL('../', this.metaUrl);
    this.cache = new Map();
    this.bytes = 0;
  }

  get(path) {
    if (!this.cache.has(path)) {
      const isMeta = path === 'meta.json';
      // The promise is cached before anything is awaited, so results that share a file
      // (decisions and action items, 64 to a file) fetch it once.
      const p = (async () => {
        const url = isMeta ? this.metaUrl : new URL(`${path}?h=${(await this.meta()).hash}`, new URL('search/', this.base));
        // Pages name meta.json without a hash, so it is revalidated on every page load;
        // every other file carries the index's hash and may be cached for good.
        const r = await fetch(url, isMeta ? { cache: 'no-cache' } : {});
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        const text = await r.text();
        this.bytes += text.length;
        return JSON.parse(text);
      })();
      this.cache.set(path, p);
      p.catch(() => this.cache.delete(path));
    }
    return this.cache.get(path);
  }

  async meta() {
    const m = await this.get('meta.json');
    if (m.version !== VERSION) throw new Error(`search index version ${m.version}, expected ${VERSION}`);
    return m;
  }

  chunk(n) { return this.get(`index/${n}.json`); }
  /** A note's fragment is a file; decisions and action items share files (query.rs). */
  async fragment(doc) {
    const meta = await this.meta();
    if (doc < meta.notes) return this.get(`docs/${doc}.json`);
    const k = doc - meta.notes;
    return (await this.get(`docs/items/${Math.floor(k / meta.items_per_file)}.json`))[k % meta.items_per_file];
  }
  facet(name) { return this.get(`filters/${name}.json`); }

  chunkOf(meta, term) {
    let lo = 0;
    let hi = meta.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (meta.chunks[mid] <= term) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(0, lo - 1);
  }

  async lookup(meta, item) {
    const first = this.chunkOf(meta, item.term);
    let last = first;
    if (item.prefix) {
      while (last + 1 < meta.chunks.length && last + 1 - first < MAX_PREFIX_CHUNKS && meta.chunks[last + 1].startsWith(item.term)) last++;
    }
    const chunks = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => this.chunk(first + k)));
    let found = [];
    for (const c of chunks) {
      let lo = 0;
      let hi = c.t.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c.t[mid] < item.term) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < c.t.length; k++) {
        const t = c.t[k];
        if (t === item.term) found.push([t, 1.0, c.p[k]]);
        else if (item.prefix && t.startsWith(item.term)) {
          if (!t.endsWith('~')) found.push([t, PREFIX_WEIGHT, c.p[k]]);
        } else break;
      }
    }
    if (found.length > MAX_EXPANSIONS) {
      // Stable, like Rust's sort_by: the exact term, then the most frequent expansions.
      found = found.map((f, i) => [f, i]).sort((a, b) => b[0][1] - a[0][1] || b[0][2].length - a[0][2].length || a[1] - b[1]).map((x) => x[0]).slice(0, MAX_EXPANSIONS);
    }
    return found;
  }

  nearChunk(name) { return this.get(`near/${name}.json`); }

  /** query.rs `corrections`: the nearest words of the index, most frequent first. */
  async corrections(meta, word) {
    const max = maxEdits(word);
    const keep = keptChars(word);
    let found = [];
    for (const [kind, firsts] of [['f', meta.near], ['r', meta.rnear]]) {
      const target = kind === 'f' ? word : reversed(word);
      const head = [...target].slice(0, keep).join('');
      const [from, to] = nearWindow(firsts, target, head);
      for (let n = from; n <= to; n++) {
        const c = await this.nearChunk(kind + n);
        c.w.forEach((x, k) => {
          if (!x.startsWith(head)) return;
          const w = kind === 'f' ? x : reversed(x);
          const d = distance(word, w, max);
          if (d > 0) found.push([d, c.f[k], w]);
        });
      }
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    found = found.filter((f, k) => k === 0 || found[k - 1][2] !== f[2]);
    return found.filter((f) => f[0] === found[0][0]).slice(0, MAX_CORRECTIONS).map((f) => f[2]);
  }

  /** query.rs `stem_in_index`: for a language the browser does not stem, the stem the
   * index records for a word it holds (stem.rs `stem_in_chunk`), else null. */
  async stemInIndex(meta, term) {
    const c = await this.chunk(this.chunkOf(meta, term));
    let lo = 0;
    let hi = c.t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c.t[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    if (c.t[lo] !== term) return null;
    const recorded = (c.s || [])[lo] || '';
    if (recorded) return recorded;
    return stemmable(term) ? term : null;
  }

  /** The stem a query word is matched through: English is stemmed here, other languages
   * read from the index, none without a stemmer. */
  async stemFor(meta, term) {
    if (meta.stem === 'english') return stem(term);
    return meta.stem ? this.stemInIndex(meta, term) : null;
  }

  async exact(meta, term, weight) {
    return (await this.lookup(meta, newItem(term))).map(([t, , p]) => [t, weight, p]);
  }

  /** query.rs `expand`: [matches, corrections used, whether anything else matched]. */
  async expand(meta, item, literal) {
    const found = await this.lookup(meta, item);
    // Completions and other forms count the word's own documents in their idf (query.rs
    // `expand`).
    const own = found.find((f) => f[0] === item.term);
    const more = own ? noteDf(own[2], meta.notes) : 0;
    if (item.prefix) for (const f of found) if (f[0] !== item.term) f[3] = more;
    const short = withoutOwner(item.term);
    if (short !== null) found.push(...await this.exact(meta, short, PREFIX_WEIGHT));
    if (item.stem !== null) {
      const forms = await this.exact(meta, item.stem + '~', STEM_WEIGHT);
      if (item.stem !== item.term) forms.push(...await this.exact(meta, item.stem, STEM_WEIGHT));
      for (const f of forms) found.push([f[0], f[1], f[2], more]);
    }
    const docs = found.reduce((n, f) => n + noteDf(f[2], meta.notes), 0);
    const used = [];
    if (!literal && docs <= FEW_MATCHES && offered(item.term)) {
      for (const c of await this.corrections(meta, item.term)) {
        const hits = await this.exact(meta, c, CORRECTION_WEIGHT);
        if (hits.length) { used.push(c); found.push(...hits); }
      }
    }
    return [found, used, docs > 0];
  }

  /** Every matching document, best first ([doc, score] pairs), phrases checked, and the
   * [word, correction] pairs that stood in for words that matched nothing else. */
  async search(query, { typing = false, literal = false } = {}) {
    const parsed = parse(query, typing);
    if (parsed.items.length === 0 && parsed.kinds.length === 0) return { parsed, hits: [], corrected: [] };
    const meta = await this.meta();
    const wanted = (doc) => parsed.kinds.length === 0 || parsed.kinds.includes(kindOf(meta, doc));
    if (parsed.items.length === 0) {
      // `decision:` alone: every decision, newest first.
      const hits = [];
      for (let d = 0; d < meta.docs; d++) if (wanted(d)) hits.push([d, 1]);
      return { parsed, hits, corrected: [] };
    }
    for (const it of parsed.items) {
      it.stem = await this.stemFor(meta, it.term);
      it.stemShown = meta.stem === 'english';
    }
    const expanded = await Promise.all(parsed.items.map((it) => this.expand(meta, it, literal)));
    const corrected = [];
    const expansions = expanded.map(([found, used, matched], k) => {
      parsed.items[k].also = used;
      if (!matched && used.length) corrected.push([parsed.items[k].term, used[0]]);
      return found;
    });
    // Scores by document in typed arrays: a common word has thousands of postings, and the
    // word being typed may expand to dozens of terms. 0 means no match (scores are > 0).
    let total = null;
    for (const found of expansions) {
      const scores = new Float64Array(meta.docs);
      for (const [, weight, p, more = 0] of found) {
        const w = weight * idf(meta.notes, Math.min(noteDf(p, meta.notes) + more, meta.notes));
        let doc = 0;
        for (let k = 0; k < p.length; k += 2) {
          doc += p[k];
          const s = w * p[k + 1];
          if (s > scores[doc]) scores[doc] = s;
        }
      }
      if (total === null) total = scores;
      else for (let d = 0; d < total.length; d++) total[d] = total[d] > 0 && scores[d] > 0 ? total[d] + scores[d] : 0;
    }
    let hits = [];
    for (let d = 0; d < total.length; d++) if (total[d] > 0 && wanted(d)) hits.push([d, total[d]]);
    hits.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (parsed.phrases.length > 0) {
      const checked = hits.slice(0, MAX_PHRASE_CHECKS);
      const fragments = await Promise.all(checked.map(([doc]) => this.fragment(doc)));
      hits = checked.filter((_, k) => parsed.phrases.every((ph) => hasPhrase(fragments[k], ph)));
    }
    return { parsed, hits, corrected };
  }

  /** hints.rs: the issues the query's references name, most-discussed first, at most
   * MAX_HINTS: [[reference, title, state, meetings, url]]. One small file per reference. */
  async hints(parsed) {
    const meta = await this.meta();
    const terms = parsed.items.map((it) => it.term).filter((t) => /#[0-9]+$/.test(t));
    if (!meta.refs || !terms.length) return [];
    const out = [];
    for (const term of terms) {
      const number = Number(term.slice(term.indexOf('#') + 1));
      const bucket = await this.get(`refs/${number % meta.refs}.json`);
      for (const row of bucket.h) {
        if (hintMatches(term, row[0]) && !out.includes(row)) out.push(row);
      }
    }
    return out.slice(0, MAX_HINTS);
  }

  /** query.rs `date_keys`: what sorts documents by date — a note's number, a decision's or
   * action item's note's (items.json, fetched only when such a result is among the hits). */
  async dateKeys(meta, hits) {
    if (!hits.some(([doc]) => doc >= meta.notes)) return (doc) => doc;
    const { n } = await this.get('items.json');
    const of = new Uint32Array(n.length);
    let at = 0;
    n.forEach((d, k) => { at = k === meta.decisions ? d : at + d; of[k] = at; });
    return (doc) => (doc < meta.notes ? doc : of[doc - meta.notes]);
  }

  /** Documents of each selected value, by facet: Map(facet → Set(doc)). */
  async allowed(filters) {
    const out = new Map();
    for (const [facet, values] of Object.entries(filters)) {
      // The kind is read from the documents' numbers, not from a file.
      if (!values.length || facet === 'kind') continue;
      const f = await this.facet(facet);
      const set = new Set();
      for (const v of f.values) {
        if (!values.includes(v.id)) continue;
        let d = 0;
        for (const x of v.docs) { d += x; set.add(d); }
      }
      out.set(facet, set);
    }
    return out;
  }
}

/** hints.rs `hint_matches`: `#n` names issue n of any repository, `r#n` of a repository
 * named r, `o/r#n` exactly one. */
export function hintMatches(term, reference) {
  const [qRepo, qN] = term.split('#');
  const [rRepo, rN] = reference.split('#');
  if (qN !== rN) return false;
  if (qRepo === '') return true;
  if (qRepo.includes('/')) return qRepo === rRepo;
  return rRepo.slice(rRepo.indexOf('/') + 1) === qRepo;
}

// ---------------------------------------------------------------------------------------
// Display.

function esc(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Spans of `text` that match the query: [start, end]. */
function matchSpans(text, parsed, repo) {
  const out = [];
  for (const [a, b, terms, special] of termSpans(text, repo)) {
    if (parsed.items.some((it) => spanMatches(it, terms, special))) {
      const last = out[out.length - 1];
      if (last && a < last[1]) last[1] = Math.max(last[1], b);
      else out.push([a, b]);
    }
  }
  return out;
}

function marked(text, spans, from = 0, to = text.length) {
  let html = '';
  let at = from;
  for (const [a, b] of spans) {
    if (b <= from || a >= to) continue;
    html += esc(text.slice(at, Math.max(a, at))) + '<mark>' + esc(text.slice(Math.max(a, at), Math.min(b, to))) + '</mark>';
    at = Math.min(b, to);
  }
  return html + esc(text.slice(at, to));
}

/** About EXCERPT_CHARS of text around the densest run of matches, with <mark>s. */
function excerpt(text, parsed, repo) {
  const spans = matchSpans(text, parsed, repo);
  let start = 0;
  if (spans.length) {
    let bestCount = -1;
    for (let i = 0; i < spans.length; i++) {
      let n = 0;
      while (i + n < spans.length && spans[i + n][0] < spans[i][0] + EXCERPT_CHARS * 0.7) n++;
      if (n > bestCount) { bestCount = n; start = spans[i][0]; }
    }
    start = Math.max(0, start - 40);
    if (start > 0) {
      const space = text.indexOf(' ', start);
      start = space >= 0 && space < start + 20 ? space + 1 : start;
    }
  }
  let end = Math.min(text.length, start + EXCERPT_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start + EXCERPT_CHARS / 2) end = space;
  }
  return (start > 0 ? '… ' : '') + marked(text, spans, start, end) + (end < text.length ? ' …' : '');
}

/** The query with each corrected word replaced by its correction. */
function correctedQuery(query, corrected) {
  if (!corrected.length) return query;
  const fix = new Map(corrected);
  return query.replace(/[\p{L}\p{N}_]+/gu, (w) => fix.get(fold(w)) ?? w);
}

/** What the issues a query names are: reference, state, title, meetings, linking to the
 * reference page (every meeting that discussed it). */
function hintsHtml(index, hints) {
  if (!hints.length) return '';
  return '<ul class="search-hints" aria-label="Issues">' + hints.map(([ref, title, state, meetings, url]) => {
    const href = new URL(url, index.base);
    return `<li><a href="${esc(href.pathname)}"><span class="search-ref">${esc(ref)}</span>` +
      (state ? ` <span class="state state-${esc(state)}">${esc(state)}</span>` : '') +
      (title ? ` <span class="search-hint-title">${esc(title)}</span>` : '') +
      ` <span class="search-hint-n">${meetings} ${meetings === 1 ? 'meeting' : 'meetings'}</span></a></li>`;
  }).join('') + '</ul>';
}

/** "Showing results for …; search instead for …" when a word matched only corrected. */
function didYouMean(index, query, corrected) {
  if (!corrected.length) return '';
  const literal = new URL('search/', index.base);
  literal.search = new URLSearchParams({ q: query, literal: '1' }).toString();
  return `<p class="search-fix">Showing results for <em>${esc(correctedQuery(query, corrected))}</em>; ` +
    `search instead for <a href="${esc(literal.pathname + literal.search)}"><em>${esc(query)}</em></a></p>`;
}

/** One result as a list item. In the type-ahead (`option` is its id) the link is an option
 * of the combobox's listbox, reached with ↑/↓ from the box rather than Tab; on the search
 * page it is a plain link. */
function resultHtml(index, fragment, parsed, query, option) {
  if (fragment.kind) return itemHtml(index, fragment, parsed, query, option);
  const [sec, id] = bestSection(fragment, parsed);
  const section = sec >= 0 ? fragment.s[sec] : fragment.s.find((s) => s[2]) || fragment.s[0];
  // Nothing in the text matched (the title or the metadata did): the note's summary.
  const text = sec < 0 && fragment.summary ? fragment.summary : section && section[2];
  const href = new URL(fragment.url, index.base);
  href.search = new URLSearchParams({ q: query }).toString();
  if (id) href.hash = id;
  const titleSpans = matchSpans(fragment.title, parsed, fragment.repo);
  const meta = [fragment.team, fragment.date].filter(Boolean).map(esc).join(' · ');
  const where = id && section[1] ? ` <span class="search-section">§ ${esc(section[1])}</span>` : '';
  const role = option ? ` role="option" id="${option}" tabindex="-1" aria-selected="false"` : '';
  return `<li class="search-result"${option ? ' role="none"' : ''}><a${role} href="${esc(href.pathname + href.search + href.hash)}">` +
    `<span class="search-title">${marked(fragment.title, titleSpans)}` +
    `${fragment.title_extra ? ` <span class="search-title-extra">— ${esc(fragment.title_extra)}</span>` : ''}</span>` +
    `<span class="search-meta">${meta}${where}</span>` +
    `<span class="search-excerpt">${text ? excerpt(text, parsed, fragment.repo) : ''}</span></a></li>`;
}

/** A decision or action item as a result: its words (highlighted), its state and who
 * owes it, and the meeting and agenda item it was written under, linking to its spot. */
function itemHtml(index, fragment, parsed, query, option) {
  const [anchor, agenda, text = ''] = fragment.s[0] || [];
  const href = new URL(fragment.url, index.base);
  href.search = new URLSearchParams({ q: query }).toString();
  if (anchor) href.hash = anchor;
  const state = fragment.state ? ` <span class="state state-${esc(fragment.state)}">${esc(fragment.state)}</span>` : '';
  const meta = [fragment.title, fragment.team, fragment.date].filter(Boolean).map(esc).join(' · ');
  const where = agenda ? ` <span class="search-section">§ ${esc(agenda)}</span>` : '';
  const who = fragment.who && fragment.who.length ? ` <span class="search-who">→ ${fragment.who.map(esc).join(', ')}</span>` : '';
  const role = option ? ` role="option" id="${option}" tabindex="-1" aria-selected="false"` : '';
  return `<li class="search-result search-item"${option ? ' role="none"' : ''}><a${role} href="${esc(href.pathname + href.search + href.hash)}">` +
    `<span class="search-title"><span class="search-kind">${KIND_LABELS[fragment.kind][0]}</span>${state} ${text.length <= EXCERPT_CHARS ? marked(text, matchSpans(text, parsed, fragment.repo)) : excerpt(text, parsed, fragment.repo)}</span>` +
    `<span class="search-meta">${meta}${where}${who}</span></a></li>`;
}

/** The hits to show: the decisions and action items first (at most `items` of them when
 * meetings match too), then the meetings, at most `limit` in all. */
function grouped(meta, hits, items, limit) {
  const outcomes = hits.filter(([doc]) => kindOf(meta, doc) !== 'meeting');
  const meetings = hits.filter(([doc]) => kindOf(meta, doc) === 'meeting');
  const top = meetings.length ? outcomes.slice(0, items) : outcomes;
  return { outcomes, meetings, shown: top.concat(meetings).slice(0, limit) };
}

/** `12 meetings · 3 decisions` */
function counted(meta, hits) {
  const n = { meeting: 0, decision: 0, action: 0 };
  for (const [doc] of hits) n[kindOf(meta, doc)]++;
  const parts = Object.entries(n).filter(([k, c]) => c > 0 || k === 'meeting').map(([k, c]) => `${c} ${KIND_LABELS[k][c === 1 ? 0 : 1]}`);
  return parts.join(' · ');
}

/** `list.map(f)`, giving the main thread back every few milliseconds: twenty long results
 * on a slow phone are one long task otherwise, and input waits for it. */
async function inSlices(list, f) {
  const out = [];
  let since = performance.now();
  for (const x of list) {
    out.push(f(x));
    if (performance.now() - since > SLICE_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      since = performance.now();
    }
  }
  return out;
}

function metaUrl() {
  const m = document.querySelector('meta[name="minutes-search"]');
  return m ? m.content : new URL('../search/meta.json', import.meta.url).href;
}

/** Reported after each render, for tests and benchmarks. */
function report(el, query, started, count) {
  const ms = performance.now() - started;
  el.dataset.query = query;
  el.dataset.count = String(count);
  el.dataset.ms = ms.toFixed(1);
  document.dispatchEvent(new CustomEvent('minutes-search', { detail: { query, count, ms } }));
}

function showError(el, e) {
  el.hidden = false;
  el.innerHTML = `<p class="search-empty">Search is unavailable: ${esc(String(e.message || e))}</p>`;
  console.warn('minutes search:', e);
}

// ---------------------------------------------------------------------------------------
// Type-ahead panel under the header's box.

function typeahead(index, input) {
  const form = input.form;
  const panel = document.createElement('div');
  panel.className = 'search-panel';
  panel.id = 'search-panel';
  panel.hidden = true;
  form.classList.add('search-has-panel');
  form.append(panel);
  input.setAttribute('autocomplete', 'off');
  // The ARIA combobox pattern: focus stays in the box, ↑/↓ move the active option, which
  // the box names with aria-activedescendant (aria-expanded is not allowed on a plain
  // search box).
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', 'search-options');
  input.setAttribute('aria-expanded', 'false');
  let generation = 0;
  let active = -1;

  const select = (items, k) => {
    active = k;
    items.forEach((a, i) => { a.setAttribute('aria-selected', String(i === k)); a.parentElement.classList.toggle('active', i === k); });
    if (k >= 0) input.setAttribute('aria-activedescendant', items[k].id);
    else input.removeAttribute('aria-activedescendant');
  };
  const close = () => { panel.hidden = true; input.setAttribute('aria-expanded', 'false'); select([], -1); };
  const run = async () => {
    const started = performance.now();
    const query = input.value;
    const gen = ++generation;
    if (!query.trim()) { close(); panel.innerHTML = ''; return; }
    try {
      const { parsed, hits, corrected } = await index.search(query, { typing: true });
      const { shown } = grouped(await index.meta(), hits, PANEL_ITEMS, PANEL_RESULTS);
      const q = correctedQuery(query, corrected);
      const [fragments, hints] = await Promise.all([Promise.all(shown.map(([doc]) => index.fragment(doc))), index.hints(parsed)]);
      if (gen !== generation) return;
      select([], -1);
      const all = new URL('search/', index.base);
      all.search = new URLSearchParams({ q: query }).toString();
      panel.innerHTML = hintsHtml(index, hints) + didYouMean(index, query, corrected) + (shown.length
        ? `<ol class="search-results" role="listbox" id="search-options" aria-label="Results">${fragments.map((f, k) => resultHtml(index, f, parsed, q, `search-option-${k}`)).join('')}</ol>`
        : `<p class="search-empty">No ${parsed.kinds.length ? parsed.kinds.map((k) => KIND_LABELS[k][1]).join(' or ') : 'meetings'} match.</p>`) +
        `<a class="search-all" href="${esc(all.pathname + all.search)}">${hits.length > shown.length ? `All ${hits.length} results` : 'Search page'} →</a>`;
      panel.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      report(panel, query, started, hits.length);
    } catch (e) {
      if (gen === generation) showError(panel, e);
    }
  };
  input.addEventListener('input', run);
  input.addEventListener('focus', () => { if (input.value.trim() && panel.innerHTML) { panel.hidden = false; } });
  input.addEventListener('keydown', (e) => {
    const items = [...panel.querySelectorAll('.search-result [role=option]')];
    if (e.key === 'Escape') { close(); return; }
    if (panel.hidden || !items.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      select(items, (active + (e.key === 'ArrowDown' ? 1 : items.length - 1 + (active < 0 ? 1 : 0))) % items.length);
      items[active].scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      location.href = items[active].href;
    }
  });
  document.addEventListener('click', (e) => { if (!form.contains(e.target)) close(); });
}

// ---------------------------------------------------------------------------------------
// The search page: all results, facets, sort.

const FACET_LABELS = { team: 'Team', topic: 'Topic', year: 'Year', person: 'Person' };

/** Keeps the search page's address in step with its query, sort and filters. */
function saveUrl(query, state) {
  const p = new URLSearchParams();
  if (query) p.set('q', query);
  if (state.sort === 'date') p.set('sort', 'date');
  if (state.literal) p.set('literal', '1');
  for (const [f, vs] of Object.entries(state.filters)) for (const v of vs) p.append(f, v);
  history.replaceState(null, '', `${location.pathname}${p.toString() ? '?' + p : ''}`);
}

async function searchPage(index, input, root) {
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  const state = {
    sort: params.get('sort') === 'date' ? 'date' : 'relevance',
    filters: {},
    shown: PAGE_RESULTS,
    literal: params.get('literal') === '1',
  };
  for (const f of ['kind', ...Object.keys(FACET_LABELS)]) state.filters[f] = params.getAll(f);
  // Results come first, so the first one is the next Tab stop after the box (the submit
  // button is not needed: results follow the typing); filters and sort follow them, in a
  // <details> that starts closed on a narrow screen.
  const button = input.form.querySelector('button');
  if (button) button.hidden = true;
  const wide = window.matchMedia('(min-width: 48rem)').matches;
  root.innerHTML = '<p class="search-controls"><span id="search-count" role="status"></span></p><div id="search-fix"></div>' +
    '<div class="search-layout"><div class="search-main"><ol id="search-list" class="search-results"></ol><button type="button" id="search-more" hidden>More results</button></div>' +
    `<aside class="search-side" aria-label="Filters"><details id="search-filters"${wide ? ' open' : ''}><summary>Filter and sort</summary>` +
    '<label class="search-sort">Sort <select id="search-sort"><option value="relevance">Relevance</option><option value="date">Newest first</option></select></label>' +
    '<div id="search-facets"></div></details></aside></div>';
  const sortEl = root.querySelector('#search-sort');
  const facetsEl = root.querySelector('#search-facets');
  const list = root.querySelector('#search-list');
  const more = root.querySelector('#search-more');
  const count = root.querySelector('#search-count');
  const fix = root.querySelector('#search-fix');
  sortEl.value = state.sort;
  let generation = 0;

  const run = async () => {
    const started = performance.now();
    const gen = ++generation;
    const query = input.value;
    saveUrl(query, state);
    if (!query.trim()) {
      list.innerHTML = '';
      fix.innerHTML = '';
      facetsEl.innerHTML = '';
      count.textContent = 'Type to search every meeting: words, "a phrase", @person, repo#123, 2018-08-13.';
      more.hidden = true;
      report(root, query, started, 0);
      return;
    }
    try {
      const { parsed, hits, corrected } = await index.search(query, { typing: true, literal: state.literal });
      const meta = await index.meta();
      const allowed = await index.allowed(state.filters);
      const kinds = state.filters.kind;
      const passes = (doc, except) => (except === 'kind' || !kinds.length || kinds.includes(kindOf(meta, doc))) &&
        [...allowed].every(([f, set]) => f === except || set.has(doc));
      let results = hits.filter(([doc]) => passes(doc, null));
      if (state.sort === 'date') {
        const key = await index.dateKeys(meta, results);
        results = [...results].sort((a, b) => key(a[0]) - key(b[0]) || a[0] - b[0]);
      }
      // Decisions and action items first; a few of them while meetings match too, all of
      // them once the query or the filter asks for them.
      const { outcomes, meetings, shown } = grouped(meta, results, PAGE_ITEMS, Infinity);
      const top = meetings.length ? shown.length - meetings.length : 0;
      const page = shown.slice(0, top + state.shown);
      // The first few results are fetched and shown first, the rest after them: on a slow
      // connection the reader sees the best results before twenty notes have loaded.
      const fetched = (part) => Promise.all(part.map(([doc]) => index.fragment(doc)));
      const head = page.slice(0, FIRST_RESULTS);
      const [headFragments, hints] = await Promise.all([fetched(head), index.hints(parsed)]);
      if (gen !== generation) return;
      count.textContent = counted(meta, results);
      fix.innerHTML = hintsHtml(index, hints) + didYouMean(index, query, corrected);
      const q = correctedQuery(query, corrected);
      const render = (f) => resultHtml(index, f, parsed, q, false);
      const paint = (html) => {
        const all = [...html];
        if (meetings.length && top < outcomes.length && top <= all.length) {
          all.splice(top, 0, `<li class="search-group-more"><button type="button" id="search-all-outcomes">All ${outcomes.length} decisions and action items</button></li>`);
        }
        list.innerHTML = all.join('') ||
          `<li class="search-empty">No ${parsed.kinds.length ? parsed.kinds.map((k) => KIND_LABELS[k][1]).join(' or ') : 'meetings'} match.</li>`;
      };
      let html = await inSlices(headFragments, render);
      if (gen !== generation) return;
      if (page.length > head.length) {
        paint(html);
        const rest = await fetched(page.slice(head.length));
        if (gen !== generation) return;
        html = html.concat(await inSlices(rest, render));
        if (gen !== generation) return;
      }
      paint(html);
      more.hidden = shown.length <= page.length;
      root.dataset.sort = state.sort;
      report(root, query, started, results.length);
      renderFacets(hits, passes, gen, meta);
    } catch (e) {
      if (gen === generation) showError(count, e);
    }
  };

  const renderFacets = async (hits, passes, gen, meta) => {
    const facets = await Promise.all(Object.keys(FACET_LABELS).map((f) => index.facet(f)));
    if (gen !== generation) return;
    let html = '';
    // The kind of result, from the documents' numbers (meta.json's ranges): no file.
    const kindCounts = { meeting: 0, decision: 0, action: 0 };
    for (const [doc] of hits) if (passes(doc, 'kind')) kindCounts[kindOf(meta, doc)]++;
    const kinds = Object.entries(kindCounts).filter(([k, n]) => n > 0 || state.filters.kind.includes(k));
    if (kinds.length > 1 || state.filters.kind.length) {
      html += '<fieldset class="search-facet" data-facet="kind"><legend>Kind</legend>' +
        kinds.map(([k, n]) => `<label><input type="checkbox" name="kind" value="${k}"${state.filters.kind.includes(k) ? ' checked' : ''}><span class="search-v">${KIND_LABELS[k][2]}</span> <span class="search-n">${n}</span></label>`).join('') +
        '</fieldset>';
    }
    Object.keys(FACET_LABELS).forEach((name, k) => {
      const docs = new Set(hits.filter(([doc]) => passes(doc, name)).map(([doc]) => doc));
      const selected = state.filters[name];
      const counted = facets[k].values.map((v) => {
        let d = 0;
        let n = 0;
        for (const x of v.docs) { d += x; if (docs.has(d)) n++; }
        return [v, n];
      }).filter(([v, n]) => n > 0 || selected.includes(v.id));
      counted.sort((a, b) => (name === 'year' ? b[0].id.localeCompare(a[0].id) : b[1] - a[1] || a[0].name.localeCompare(b[0].name)));
      if (!counted.length) return;
      const top = counted.filter(([v], i) => i < FACET_VALUES || selected.includes(v.id));
      html += `<fieldset class="search-facet" data-facet="${name}"><legend>${FACET_LABELS[name]}</legend>` +
        top.map(([v, n]) => `<label><input type="checkbox" name="${name}" value="${esc(v.id)}"${selected.includes(v.id) ? ' checked' : ''}><span class="search-v">${esc(v.name)}</span> <span class="search-n">${n}</span></label>`).join('') +
        '</fieldset>';
    });
    facetsEl.innerHTML = html;
  };

  facetsEl.addEventListener('change', (e) => {
    const box = e.target;
    const vs = state.filters[box.name];
    if (box.checked) vs.push(box.value);
    else vs.splice(vs.indexOf(box.value), 1);
    state.shown = PAGE_RESULTS;
    run();
  });
  sortEl.addEventListener('change', () => { state.sort = sortEl.value; state.shown = PAGE_RESULTS; run(); });
  more.addEventListener('click', () => { state.shown += PAGE_RESULTS; run(); });
  list.addEventListener('click', (e) => {
    if (e.target.id !== 'search-all-outcomes') return;
    state.filters.kind = ['decision', 'action'];
    state.shown = PAGE_RESULTS;
    run().then(() => list.querySelector('.search-result > a')?.focus());
  });
  input.addEventListener('input', () => { state.shown = PAGE_RESULTS; state.literal = false; run(); });
  input.form.addEventListener('submit', (e) => { e.preventDefault(); run(); });
  resultKeys(input, list);
  await run();
  input.focus();
}

/** ↓ from the box focuses the first result, ↑/↓ move between results (↑ from the first
 * goes back to the box); Enter opens the focused link, as links do. */
function resultKeys(input, list) {
  const links = () => [...list.querySelectorAll('.search-result > a')];
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown') return;
    const first = links()[0];
    if (first) { e.preventDefault(); first.focus(); }
  });
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const all = links();
    const k = all.indexOf(document.activeElement);
    if (k < 0) return;
    e.preventDefault();
    const next = k + (e.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  });
}

// ---------------------------------------------------------------------------------------
// Highlights on the note a result opened.

async function highlightNote(index, query) {
  const root = document.querySelector('main article') || document.querySelector('main');
  if (!root) return;
  const parsed = parse(query, false);
  if (!parsed.items.length) return;
  const meta = await index.meta();
  for (const it of parsed.items) {
    it.stem = await index.stemFor(meta, it.term);
    it.stemShown = meta.stem === 'english';
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('script, style, mark, .search-panel') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let first = null;
  for (const node of nodes) {
    const text = node.nodeValue;
    const spans = matchSpans(text, parsed, null);
    if (!spans.length) continue;
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [a, b] of spans) {
      frag.append(text.slice(at, a));
      const mark = document.createElement('mark');
      mark.className = 'search-hit';
      mark.textContent = text.slice(a, b);
      frag.append(mark);
      first ||= mark;
      at = b;
    }
    frag.append(text.slice(at));
    node.replaceWith(frag);
  }
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  const inTarget = target && [...document.querySelectorAll('mark.search-hit')].find((m) => target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
  (inTarget || first)?.scrollIntoView({ block: 'center' });
}

// ---------------------------------------------------------------------------------------

function start() {
  const input = document.getElementById('search-input');
  const index = new Index(metaUrl());
  const page = document.getElementById('search-results');
  if (input && page) searchPage(index, input, page).catch((e) => showError(page, e));
  else if (input && input.form) typeahead(index, input);
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || !input) return;
    const el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  const q = new URLSearchParams(location.search).get('q');
  if (q && !page) highlightNote(index, q).catch((e) => console.warn('minutes search:', e));
  window.minutesSearch = { index, parse, fold, words, specials, specialTerm, stem };
}

// Outside a page (node, for the tests of the stemmer) the module only exports.
if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
