//! Local preview: builds the site, then serves the output folder over HTTP on loopback.

use std::net::SocketAddr;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// Serves `dir` at `addr` until the process is stopped. Unknown paths get the site's
/// `404.html` with status 404; `ServeDir` rejects `..` and encoded traversal.
pub async fn serve_dir(dir: &Path, addr: SocketAddr) -> std::io::Result<()> {
    let service = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
    let app = axum::Router::new().fallback_service(service);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await
}
