// The second bundle (dist/auth.js): everything that talks to the network or takes the CLI's locks. extension.ts
// loads it only when a sign-in or refresh starts, so activating the extension costs almost nothing.
export { signInRemotely, type SignInMethod, type SignInOptions } from './signin/signInRemotely';
export { refreshLogin, type RefreshOutcome } from './refresh/refreshLogin';
export { describeFailure } from './ui/messages';
export type { SignedIn } from './signin/attempt';
export { removeLogin, writeLogin } from './credentials/store';
export { markOnboardingComplete } from './credentials/globalConfig';
export { showDiagnosis } from './ui/diagnoseReport';
export { networkFor } from './ui/network';
export { closeDispatchers } from './network/proxy';
