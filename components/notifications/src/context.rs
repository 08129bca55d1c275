//! The facts about a script context (a window or a worker) that the manager trusts.
//!
//! The embedder builds a [`ContextFacts`] for every global it creates and binds a client
//! handle to it; content never states its own origin or secure-context flag.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::notification::RegistrationId;
use crate::origin::{is_url_potentially_trustworthy, Origin};

/// The embedder's name for a browsing context (a window) or a worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ContextId(pub u64);

/// Which kind of global object the context has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GlobalKind {
    Window,
    DedicatedWorker,
    SharedWorker,
    /// A service worker global of the named registration.
    ServiceWorker(RegistrationId),
}

/// What the manager knows about a context: its environment settings object's origin, API base
/// URL and secure-context flag, plus its place in the frame tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextFacts {
    pub context: ContextId,
    pub global: GlobalKind,
    /// The environment settings object's origin.
    pub origin: Origin,
    /// The origin of the top-level document the context lives under (its own origin when it
    /// is top-level and for service workers; for a shared worker, its creator's, since shared
    /// workers are partitioned by top-level site like the rest of storage).
    pub top_level_origin: Origin,
    /// The environment settings object's API base URL, used to parse URLs in options.
    pub api_base_url: Url,
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#secure-context>
    pub secure_context: bool,
    /// The contexts this one is nested in, parent first and top-level last. A worker lists
    /// its owner document first. Used to propagate user activation.
    pub ancestors: Vec<ContextId>,
}

impl ContextFacts {
    /// A top-level window showing a document whose URL is `url`.
    pub fn top_level_window(context: ContextId, url: &Url) -> ContextFacts {
        let origin = Origin::from_url(url);
        ContextFacts {
            context,
            global: GlobalKind::Window,
            top_level_origin: origin.clone(),
            origin,
            api_base_url: url.clone(),
            secure_context: is_url_potentially_trustworthy(url),
            ancestors: Vec::new(),
        }
    }

    /// A window nested in `self` (an iframe) whose document URL is `url`. `about:blank` and
    /// `about:srcdoc` documents inherit the parent's origin and base URL.
    ///
    /// The secure-context flag follows HTML (the top-level creation URL must be potentially
    /// trustworthy) and additionally requires every document on the way down to be, which is
    /// what mixed-content blocking guarantees in a browser.
    pub fn child_window(&self, context: ContextId, url: &Url) -> ContextFacts {
        let inherits = url.as_str() == "about:blank" || url.as_str() == "about:srcdoc";
        let (origin, api_base_url) = if inherits {
            (self.origin.clone(), self.api_base_url.clone())
        } else {
            (Origin::from_url(url), url.clone())
        };
        let mut ancestors = vec![self.context];
        ancestors.extend(self.ancestors.iter().copied());
        ContextFacts {
            context,
            global: GlobalKind::Window,
            origin,
            top_level_origin: self.top_level_origin.clone(),
            api_base_url,
            secure_context: self.secure_context && is_url_potentially_trustworthy(url),
            ancestors,
        }
    }

    /// A dedicated worker owned by `self`, running the script at `url`.
    pub fn dedicated_worker(&self, context: ContextId, url: &Url) -> ContextFacts {
        let mut facts = self.child_window(context, url);
        if url.scheme() == "data" {
            // A data: worker gets a new opaque origin.
            facts.origin = Origin::new_opaque();
        }
        facts.global = GlobalKind::DedicatedWorker;
        // HTML: a worker is a secure context if its owner is.
        facts.secure_context = self.secure_context;
        facts
    }

    /// A shared worker created by `self`, running the script at `url`. It is not nested in its
    /// creator (it serves every same-origin context of the same top-level site, and outlives
    /// any one of them), so it has no ancestors; but it stays in its creator's partition: a
    /// third-party frame's shared worker is third party too, and gets no more permission than
    /// the frame.
    pub fn shared_worker(&self, context: ContextId, url: &Url) -> ContextFacts {
        ContextFacts {
            context,
            global: GlobalKind::SharedWorker,
            // A data: worker gets a new opaque origin.
            origin: if url.scheme() == "data" { Origin::new_opaque() } else { self.origin.clone() },
            top_level_origin: self.top_level_origin.clone(),
            api_base_url: url.clone(),
            secure_context: self.secure_context,
            ancestors: Vec::new(),
        }
    }

    /// A service worker of `registration`, running the script at `url`. Service workers are
    /// never nested: their top-level origin is their own.
    pub fn service_worker(context: ContextId, registration: RegistrationId, url: &Url) -> ContextFacts {
        let mut facts = ContextFacts::top_level_window(context, url);
        facts.global = GlobalKind::ServiceWorker(registration);
        facts
    }

    /// True when the context's origin is not same origin with its top-level origin: a
    /// third-party (or same-site cross-origin) iframe, or a worker owned by one.
    pub fn is_third_party(&self) -> bool {
        !self.origin.same_origin(&self.top_level_origin)
    }

    pub fn is_window(&self) -> bool {
        self.global == GlobalKind::Window
    }

    /// The registration of a service worker context.
    pub fn service_worker_registration(&self) -> Option<&RegistrationId> {
        match &self.global {
            GlobalKind::ServiceWorker(registration) => Some(registration),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn top_level_context_is_first_party() {
        let top = ContextFacts::top_level_window(ContextId(1), &url("https://a.test/page"));
        assert!(!top.is_third_party());
        assert!(top.secure_context);
        assert!(top.ancestors.is_empty());
    }

    #[test]
    fn cross_origin_iframe_is_third_party_and_aba_is_not() {
        let a = ContextFacts::top_level_window(ContextId(1), &url("https://a.test/"));
        let b = a.child_window(ContextId(2), &url("https://b.test/frame"));
        let aba = b.child_window(ContextId(3), &url("https://a.test/inner"));
        assert!(b.is_third_party());
        assert!(!aba.is_third_party());
        assert_eq!(aba.ancestors, vec![ContextId(2), ContextId(1)]);
        let same_site = a.child_window(ContextId(4), &url("https://www.a.test/"));
        assert!(same_site.is_third_party(), "same-site but cross-origin is third party");
    }

    #[test]
    fn srcdoc_inherits_origin_and_non_secure_parent_taints_children() {
        let insecure = ContextFacts::top_level_window(ContextId(1), &url("http://a.test/"));
        assert!(!insecure.secure_context);
        let srcdoc = insecure.child_window(ContextId(2), &url("about:srcdoc"));
        assert_eq!(srcdoc.origin, insecure.origin);
        assert!(!srcdoc.secure_context);
        let https_child = insecure.child_window(ContextId(3), &url("https://b.test/"));
        assert!(!https_child.secure_context);
    }

    #[test]
    fn workers_take_their_owners_secure_flag() {
        let top = ContextFacts::top_level_window(ContextId(1), &url("https://a.test/"));
        let worker = top.dedicated_worker(ContextId(2), &url("https://a.test/w.js"));
        assert_eq!(worker.global, GlobalKind::DedicatedWorker);
        assert!(worker.secure_context);
        assert!(!worker.is_third_party());
        let data_worker = top.dedicated_worker(ContextId(3), &url("data:text/javascript,1"));
        assert!(data_worker.origin.is_opaque());
        assert!(data_worker.is_third_party());
    }

    #[test]
    fn shared_workers_are_not_nested_but_keep_their_creators_partition() {
        let top = ContextFacts::top_level_window(ContextId(1), &url("https://a.test/"));
        let shared = top.shared_worker(ContextId(2), &url("https://a.test/s.js"));
        assert_eq!(shared.global, GlobalKind::SharedWorker);
        assert!(shared.ancestors.is_empty(), "no activation reaches it from a window");
        assert!(!shared.is_third_party());
        assert!(shared.secure_context);
        let frame = top.child_window(ContextId(3), &url("https://b.test/frame"));
        let third_party = frame.shared_worker(ContextId(4), &url("https://b.test/s.js"));
        assert!(third_party.is_third_party(), "a third-party frame's shared worker is third party");
        let insecure = ContextFacts::top_level_window(ContextId(5), &url("http://c.test/"));
        assert!(!insecure.shared_worker(ContextId(6), &url("http://c.test/s.js")).secure_context);
    }
}
