// The HTML a browser sees on the test provider: consent, the manual code, success, and errors.
// Plain, self-contained pages (inline CSS) so Playwright and humans can both use them.

const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'user:inference': 'Use Claude with your subscription',
  'user:profile': 'Read your profile: name, e-mail, plan',
  'user:sessions:claude_code': 'Keep Claude Code sessions',
  'user:mcp_servers': 'Use your MCP servers',
  'user:file_upload': 'Upload files',
  'org:create_api_key': 'Create API keys for your organization',
};

export function consentPage(input: {
  consentId: string;
  decisionPath: string;
  scopes: readonly string[];
  email: string;
  redirectUri: string;
}): string {
  const scopeItems = input.scopes
    .map((scope) => {
      const description = SCOPE_DESCRIPTIONS[scope];
      return `<li><code>${escapeHtml(scope)}</code>${description ? ` — ${escapeHtml(description)}` : ''}</li>`;
    })
    .join('\n        ');
  return layout(
    'Authorize Claude Code',
    `<h1>Authorize Claude Code</h1>
      <p>Claude Code would like to connect to your Claude account <strong id="account">${escapeHtml(input.email)}</strong>.</p>
      <p>It asks for:</p>
      <ul id="scopes">
        ${scopeItems}
      </ul>
      <p class="muted">Afterwards you will be sent to <code id="redirect">${escapeHtml(input.redirectUri)}</code>.</p>
      <form method="POST" action="${escapeHtml(input.decisionPath)}">
        <input type="hidden" name="consent_id" value="${escapeHtml(input.consentId)}">
        <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
        <button type="submit" name="decision" value="authorize">Authorize</button>
      </form>`,
  );
}

/** Like Anthropic's manual-redirect page: the text to paste into Claude Code is `CODE#STATE`. */
export function manualCodePage(code: string, state: string): string {
  return layout(
    'Authentication code',
    `<h1>Authentication code</h1>
      <p>Paste this code into Claude Code:</p>
      <p><code id="code" class="paste">${escapeHtml(`${code}#${state}`)}</code></p>
      <button type="button" id="copy">Copy code</button>
      <script>
        document.getElementById('copy').addEventListener('click', () => {
          navigator.clipboard.writeText(document.getElementById('code').textContent);
          document.getElementById('copy').textContent = 'Copied';
        });
      </script>`,
  );
}

export function deniedPage(error: string, description: string): string {
  return layout(
    'Sign-in cancelled',
    `<h1>Sign-in cancelled</h1>
      <p><code id="error">${escapeHtml(error)}</code></p>
      <p>${escapeHtml(description)}</p>`,
  );
}

export function successPage(): string {
  return layout(
    "You're signed in",
    `<h1>You're signed in</h1>
      <p>Claude Code is connected to your account. You can close this tab.</p>`,
  );
}

export function errorPage(title: string, problem: string): string {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
      <p id="problem">${escapeHtml(problem)}</p>`,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <style>
      body { font-family: system-ui, sans-serif; background: #f5f4ef; color: #1f1e1d; margin: 0; }
      main { max-width: 32rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 12px;
             box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); }
      h1 { font-size: 1.4rem; margin-top: 0; }
      code { background: #f0eee6; padding: 0.1rem 0.3rem; border-radius: 4px; word-break: break-all; }
      .paste { display: block; padding: 0.6rem; font-size: 0.9rem; }
      .muted, .banner { color: #6b6a68; font-size: 0.85rem; }
      form { display: flex; gap: 0.75rem; justify-content: flex-end; margin-top: 1.5rem; }
      button { font: inherit; padding: 0.5rem 1.2rem; border-radius: 8px; border: 1px solid #c96442;
               background: #c96442; color: #fff; cursor: pointer; }
      button.secondary { background: #fff; color: #1f1e1d; border-color: #c8c6bf; }
    </style>
  </head>
  <body>
    <main>
      <p class="banner">Local test OAuth server, not Anthropic</p>
      ${body}
    </main>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
