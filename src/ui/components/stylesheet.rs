//! The pages' own stylesheet: the styles of the invoices and clients pages (`style/records.css`)
//! are not on a first visit's critical path. The build copies the file under a content-hashed
//! name and names it in `<meta name="relance-feature-css">` (`scripts/post_build.py`); a page's
//! chunk calls [`feature_styles`] before it renders, which adds the `<link>` once and waits until
//! the browser applied it (or failed to: the page then shows unstyled rather than not at all).

use wasm_bindgen::JsCast;

/// Adds the feature stylesheet to the document once and resolves once it applied. Offline, the
/// service worker serves it from its cache like every file of the build.
pub async fn feature_styles() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    if let Ok(Some(_)) = document.query_selector("link[data-feature-css]") {
        return;
    }
    let Some(href) = document
        .query_selector("meta[name=\"relance-feature-css\"]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
    else {
        return;
    };
    let (Ok(Some(head)), Ok(link)) = (
        document.query_selector("head"),
        document.create_element("link"),
    ) else {
        return;
    };
    let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("data-feature-css", "");
    let _ = link.set_attribute("href", &href);
    let applied = js_sys::Promise::new(&mut |resolve, _reject| {
        link.set_onload(Some(&resolve));
        link.set_onerror(Some(&resolve));
    });
    if head.append_child(&link).is_ok() {
        let _ = wasm_bindgen_futures::JsFuture::from(applied).await;
    }
}
