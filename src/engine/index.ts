// The second bundle (dist/engine.js): everything that talks to the network, takes Claude Code's locks or writes its
// files, and the diagnosis checks. No VS Code and no words for the user in it: the UI (activation bundle) loads it
// on first use — a sign-in, a refresh, a write, a diagnosis — so activating costs almost nothing. Modules the
// activation bundle already holds (errors, the file format, logging) are not copied in: esbuild.mjs points the
// engine's imports of them at the activation bundle's own instances, so each class exists once at run time.
export { createState } from '../oauth/pkce';
export { startCallbackServer, type CallbackPage, type CallbackServer } from './signIn/callbackServer';
export { finishAttempt, startAttempt, type SignedIn, type SignInAttempt } from './signIn/attempt';
export { refreshLogin, type RefreshOutcome } from './refresh/refreshLogin';
export { openCredentialStore } from './store/openStore';
export { markOnboardingComplete } from './store/onboarding';
export { closeDispatchers, httpOptionsFor } from './transport/proxy';
export { diagnose, renderReportMarkdown, type Finding, type FindingText, type ReportLabels } from './diagnosis/diagnose';
export { copyLoginIntoKeychain, type KeychainRepair } from './diagnosis/keychainRepair';
