//! Content in another process: what a content process may ask of the notification service,
//! and the parent's checks on each request.
//!
//! A host that runs each page's script in a content process (herald `--multiprocess`) keeps
//! the [`NotificationService`] in its own (parent) process and gives each content process a
//! [`ServiceHandle::Remote`]. The content process creates its windows and workers itself, so it
//! asks the parent to bind a client for each ([`ContentRequest::Bind`]); the parent
//! ([`NotificationService::serve_content_process`]) binds it to facts it has checked against
//! what it knows about that process ([`ContentPolicy`]), never to what the process says about
//! itself:
//!
//! - **Site lock.** A context is first party only for a site the parent loaded in that process
//!   ([`ContentProcess::allow_site`]); any other claimed top-level origin is replaced by the
//!   process's first site, so a context claiming another origin is a third-party context
//!   (denied notifications).
//! - **Context ids** come from a range the parent gave the process; a bind outside it is
//!   refused, and ancestors outside it are dropped (so a process cannot borrow another
//!   process's activation).
//! - **Secure context** is only ever downgraded: claimed secure, it must have potentially
//!   trustworthy origins.
//! - **Service worker globals** must belong to a registration of their own origin.
//! - **User activation** is honoured only for a context the process bound, and only as many
//!   times as the parent delivered input to the process ([`ContentProcess::input_delivered`]).
//! - **Test hooks** (WebDriver-like presets and fake clicks) only when the parent enables them.
//!
//! When the process goes away (it crashed, was killed, or closed its end), every client it
//! bound is unbound, which closes their non-persistent notifications.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use ipc_channel::ipc::{self, IpcReceiver, IpcSender};
use ipc_channel::router::ROUTER;
use serde::{Deserialize, Serialize};

use crate::client::NotificationClient;
use crate::context::{ContextFacts, ContextId, GlobalKind};
use crate::ipc::IpcClientEndpoint;
use crate::notification::{NotificationId, RegistrationId};
use crate::origin::Origin;
use crate::permission::PermissionState;
use crate::service::NotificationService;
use crate::sync::LockExt;

/// A request from a content process to the parent's notification service.
#[derive(Debug, Serialize, Deserialize)]
pub enum ContentRequest {
    /// Bind a client for a context the content process created; the parent answers with the
    /// endpoint, or `None` when it refuses (the reason is logged in the parent).
    Bind { facts: ContextFacts, reply: IpcSender<Option<IpcClientEndpoint>> },
    /// The person's input (that the parent delivered) reached this context. The parent answers
    /// once the activation is in effect (or ignored), so what the context asks next sees it.
    UserActivation(ContextId, IpcSender<()>),
    /// The registration was unregistered.
    ForgetRegistration(RegistrationId),
    /// Test-only hooks, honoured when the parent enabled them; answered once done.
    Test(TestRequest, IpcSender<()>),
}

/// What WPT's test driver asks for, outside the page's own powers.
#[derive(Debug, Serialize, Deserialize)]
pub enum TestRequest {
    PresetPermission(Origin, PermissionState),
    Clicked(NotificationId, Option<String>),
    Closed(NotificationId),
}

/// What the parent knows about a content process.
#[derive(Clone, Debug)]
pub struct ContentPolicy {
    /// The site of the first page the parent loaded in the process.
    pub site: Origin,
    /// The context ids the process was told to use.
    pub contexts: Range<u64>,
    /// Honour [`ContentRequest::Test`] (herald `--wpt`).
    pub test_hooks: bool,
}

/// How long a content process waits for the parent to carry out a request it must see done.
pub const PARENT_ANSWER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// The size of each content process's range of context ids.
pub const CONTEXTS_PER_PROCESS: u64 = 1 << 32;

impl ContentPolicy {
    /// The policy for the `n`th content process (counting from 1) whose first page is at
    /// `site`: its context ids are the `n`th range of [`CONTEXTS_PER_PROCESS`].
    pub fn nth_process(n: u64, site: Origin) -> ContentPolicy {
        ContentPolicy { site, contexts: n * CONTEXTS_PER_PROCESS..(n + 1) * CONTEXTS_PER_PROCESS, test_hooks: false }
    }
}

/// The parent's state for one content process.
struct ProcessState {
    policy: ContentPolicy,
    sites: HashSet<Origin>,
    bound: HashSet<ContextId>,
    /// Input the parent delivered and no activation has used yet.
    input_tokens: u64,
    connected: bool,
}

/// The parent's handle on a content process it serves. Cheap to clone.
#[derive(Clone)]
pub struct ContentProcess {
    state: Arc<Mutex<ProcessState>>,
}

impl ContentProcess {
    /// The parent loads a page of `site` in the process: contexts under it are first party.
    pub fn allow_site(&self, site: Origin) {
        self.state.locked().sites.insert(site);
    }

    /// Whether the process bound a client for `context`.
    pub fn has_context(&self, context: ContextId) -> bool {
        self.state.locked().bound.contains(&context)
    }

    /// Whether the parent loaded a page of `site` in the process.
    pub fn has_site(&self, site: &Origin) -> bool {
        self.state.locked().sites.contains(site)
    }

    /// The parent delivered one input event (a click, a key press) to the process: one user
    /// activation it reports is honoured.
    pub fn input_delivered(&self) {
        self.state.locked().input_tokens += 1;
    }

    /// False once the process closed its request channel (it ended, crashed or was killed).
    pub fn is_connected(&self) -> bool {
        self.state.locked().connected
    }
}

/// Marks the process disconnected when the router drops its route.
struct DisconnectGuard(ContentProcess);

impl Drop for DisconnectGuard {
    fn drop(&mut self) {
        self.0.state.locked().connected = false;
        tracing::info!("a content process disconnected");
    }
}

impl NotificationService {
    /// Serves a content process's requests (see the module documentation for the checks).
    /// Nothing here waits on the process: answers go out over channels it reads when it will.
    pub fn serve_content_process(
        &self,
        policy: ContentPolicy,
        requests: IpcReceiver<ContentRequest>,
    ) -> ContentProcess {
        let sites = HashSet::from([policy.site.clone()]);
        let state = ProcessState { policy, sites, bound: HashSet::new(), input_tokens: 0, connected: true };
        let process = ContentProcess { state: Arc::new(Mutex::new(state)) };
        let guard = DisconnectGuard(process.clone());
        let service = self.clone();
        ROUTER.add_typed_route(
            requests,
            Box::new(move |message| match message {
                Ok(request) => service.content_request(&guard.0, request),
                Err(e) => tracing::warn!("dropped a malformed request from a content process: {e}"),
            }),
        );
        process
    }

    fn content_request(&self, process: &ContentProcess, request: ContentRequest) {
        match request {
            ContentRequest::Bind { facts, reply } => {
                // (The lock is released before the arms run.)
                let checked = checked_facts(&process.state.locked(), facts);
                let endpoint = match checked {
                    Ok(facts) => {
                        process.state.locked().bound.insert(facts.context);
                        self.bind_ipc(facts)
                            .map_err(|e| tracing::error!("cannot bind a content process's client: {e}"))
                            .ok()
                    }
                    Err(reason) => {
                        tracing::warn!("refused to bind a content process's client: {reason}");
                        None
                    }
                };
                // The process may be gone already; then there is nobody to answer.
                let _ = reply.send(endpoint);
            }
            ContentRequest::UserActivation(context, done) => {
                let honoured = {
                    let mut state = process.state.locked();
                    let allowed = state.bound.contains(&context) && (state.input_tokens > 0 || state.policy.test_hooks);
                    if allowed {
                        state.input_tokens = state.input_tokens.saturating_sub(1);
                    }
                    allowed
                };
                match honoured {
                    true => drop(self.embedder_proxy().user_activation(context)),
                    false => tracing::warn!(?context, "ignored a user activation no delivered input explains"),
                }
                let _ = done.send(());
            }
            ContentRequest::ForgetRegistration(registration) => {
                let origin = url::Url::parse(&registration.0).map(|scope| Origin::from_url(&scope));
                match origin {
                    Ok(origin) if process.state.locked().sites.contains(&origin) => {
                        self.forget_registration(&registration)
                    }
                    _ => tracing::warn!(?registration, "ignored forgetting another site's registration"),
                }
            }
            ContentRequest::Test(request, done) => {
                match (process.state.locked().policy.test_hooks, request) {
                    (false, request) => tracing::warn!(?request, "ignored a test hook: test hooks are off"),
                    (true, TestRequest::PresetPermission(origin, state)) => self.preset_permission(&origin, state),
                    (true, TestRequest::Clicked(id, action)) => self.embedder_proxy().clicked(id, action.as_deref()),
                    (true, TestRequest::Closed(id)) => self.embedder_proxy().closed(id),
                }
                let _ = done.send(());
            }
        }
    }
}

/// The facts the parent binds a content process's context to, or why it refuses.
fn checked_facts(state: &ProcessState, mut facts: ContextFacts) -> Result<ContextFacts, String> {
    let contexts = &state.policy.contexts;
    if !contexts.contains(&facts.context.0) {
        return Err(format!("context {} is outside the process's range {contexts:?}", facts.context.0));
    }
    if state.bound.contains(&facts.context) {
        return Err(format!("context {} is already bound", facts.context.0));
    }
    // Activation travels up the ancestors: only the process's own contexts count.
    facts.ancestors.retain(|ancestor| contexts.contains(&ancestor.0));
    // First party only for a site the parent loaded here.
    if !state.sites.contains(&facts.top_level_origin) {
        facts.top_level_origin = state.policy.site.clone();
    }
    // Secure only with potentially trustworthy origins (a claim can only lose the flag).
    facts.secure_context &=
        facts.origin.is_potentially_trustworthy() && facts.top_level_origin.is_potentially_trustworthy();
    if let GlobalKind::ServiceWorker(registration) = &facts.global {
        let scope = url::Url::parse(&registration.0).map_err(|_| "a registration that is not a URL".to_owned())?;
        if Origin::from_url(&scope) != facts.origin {
            return Err(format!("a service worker of {} claims a registration of another origin", facts.origin));
        }
    }
    Ok(facts)
}

/// The notification service as a script host sees it: in this process, or in the parent of
/// this content process.
#[derive(Clone)]
pub enum ServiceHandle {
    Local(NotificationService),
    Remote(IpcSender<ContentRequest>),
}

impl ServiceHandle {
    /// A client bound to `facts` (checked by the parent when remote). When the parent refuses
    /// or is gone, the client is disconnected: what it sends goes nowhere and its queries
    /// answer as they do when the manager is unreachable.
    pub fn bind(&self, facts: ContextFacts) -> NotificationClient {
        let requests = match self {
            ServiceHandle::Local(service) => return service.bind(facts),
            ServiceHandle::Remote(requests) => requests,
        };
        let endpoint = ipc::channel().map_err(|e| e.to_string()).and_then(|(reply, answer)| {
            requests.send(ContentRequest::Bind { facts: facts.clone(), reply }).map_err(|e| e.to_string())?;
            answer
                .try_recv_timeout(PARENT_ANSWER_TIMEOUT)
                .map_err(|e| format!("{e:?}"))?
                .ok_or_else(|| "the parent refused".to_owned())
        });
        match endpoint {
            Ok(endpoint) => NotificationClient::from_ipc(endpoint),
            Err(reason) => {
                tracing::error!(context = facts.context.0, "no notification client: {reason}");
                NotificationClient::disconnected(facts)
            }
        }
    }

    /// The person's input reached `context` (and its ancestors get transient activation).
    pub fn user_activation(&self, context: ContextId) {
        match self {
            ServiceHandle::Local(service) => drop(service.embedder_proxy().user_activation(context)),
            ServiceHandle::Remote(_) => self.request_and_wait(|done| ContentRequest::UserActivation(context, done)),
        }
    }

    /// The registration was unregistered.
    pub fn forget_registration(&self, registration: &RegistrationId) {
        match self {
            ServiceHandle::Local(service) => service.forget_registration(registration),
            ServiceHandle::Remote(_) => self.send(ContentRequest::ForgetRegistration(registration.clone())),
        }
    }

    /// A test hook: presets `origin`'s permission for this session.
    pub fn test_preset_permission(&self, origin: &Origin, state: PermissionState) {
        match self {
            ServiceHandle::Local(service) => service.preset_permission(origin, state),
            ServiceHandle::Remote(_) => self.test(TestRequest::PresetPermission(origin.clone(), state)),
        }
    }

    /// A test hook: the end user clicked notification `id` (or its `action`).
    pub fn test_clicked(&self, id: NotificationId, action: Option<&str>) {
        match self {
            ServiceHandle::Local(service) => service.embedder_proxy().clicked(id, action),
            ServiceHandle::Remote(_) => self.test(TestRequest::Clicked(id, action.map(str::to_owned))),
        }
    }

    /// A test hook: the end user closed notification `id`.
    pub fn test_closed(&self, id: NotificationId) {
        match self {
            ServiceHandle::Local(service) => service.embedder_proxy().closed(id),
            ServiceHandle::Remote(_) => self.test(TestRequest::Closed(id)),
        }
    }

    fn test(&self, request: TestRequest) {
        self.request_and_wait(|done| ContentRequest::Test(request, done))
    }

    /// Sends a request that the parent answers when it is done, and waits (at most
    /// [`PARENT_ANSWER_TIMEOUT`]) for that answer.
    fn request_and_wait(&self, request: impl FnOnce(IpcSender<()>) -> ContentRequest) {
        match ipc::channel() {
            Ok((done, answer)) => {
                self.send(request(done));
                if let Err(e) = answer.try_recv_timeout(PARENT_ANSWER_TIMEOUT) {
                    tracing::error!("the notification service did not answer: {e:?}");
                }
            }
            Err(e) => tracing::error!("cannot create a channel to the notification service: {e}"),
        }
    }

    fn send(&self, request: ContentRequest) {
        if let ServiceHandle::Remote(requests) = self {
            if let Err(e) = requests.send(request) {
                tracing::error!("the notification service's process is gone: {e}");
            }
        }
    }
}
