//! The one edge of the exports: hand a text to the browser as a file download
//! (Blob → object URL → a temporary `<a download>` clicked, then revoked).

use wasm_bindgen::JsCast;

/// Offers `contents` as a download named `file_name`. Returns whether the browser accepted it;
/// failures are rare (no document) and leave the page as it was.
pub fn download_text(file_name: &str, mime_type: &str, contents: &str) -> bool {
    try_download(file_name, mime_type, contents).is_some()
}

fn try_download(file_name: &str, mime_type: &str, contents: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body()?;
    body.append_child(&anchor).ok()?;
    anchor.click();
    let _ = body.remove_child(&anchor);
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}
