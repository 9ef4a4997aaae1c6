// The self-service page of patgate (docs/page.md). No framework, no build step. Every text that
// comes from a user or the server is set with textContent, never as markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { session: null, owner: null, everyone: false, path: [], here: null, chosen: null, paths: new Map(), confirming: null };

  function show(id, visible) { $(id).hidden = !visible; }
  function text(id, value) { $(id).textContent = value == null ? "" : String(value); }

  function notice(message) {
    text("notice", message);
    show("notice", Boolean(message));
  }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  async function call(method, url, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && state.session) headers["X-Patgate-CSRF"] = state.session.csrf;
    let response;
    try {
      response = await fetch(url, { method, headers, credentials: "same-origin", cache: "no-store",
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, "network", "The gateway cannot be reached. Check your connection and try again.");
    }
    if (response.status === 204) return null;
    let answer = null;
    try { answer = await response.json(); } catch (e) { answer = null; }
    if (!response.ok) {
      const message = answer && typeof answer.message === "string" ? answer.message : "The gateway answered " + response.status + ".";
      const code = answer && typeof answer.error === "string" ? answer.error : "error";
      if (response.status === 401 && code === "signed_out" && state.session) {
        signedOut("Your session has ended. Sign in again.");
      }
      throw new ApiError(response.status, code, message);
    }
    return answer;
  }

  function busy(button, on) { button.disabled = on; button.setAttribute("aria-busy", on ? "true" : "false"); }

  // ---- sign-in and out ----

  function signedOut(message) {
    state.session = null;
    show("app", false);
    show("who", false);
    show("loading", false);
    show("signin", true);
    $("signin-password").value = "";
    notice(message || "");
    $("signin-login").focus();
  }

  async function signedIn(session) {
    state.session = session;
    state.owner = session.login;
    state.everyone = false;
    text("who-login", session.login);
    show("who-admin", session.admin);
    show("who", true);
    show("signin", false);
    show("loading", false);
    show("app", true);
    show("created", false);
    notice("");
    show("owner-box", session.admin);
    if (session.admin) loadUsers();
    resetScope();
    await loadTokens();
  }

  $("signin-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const login = $("signin-login").value.trim();
    const password = $("signin-password").value;
    show("signin-error", false);
    if (!login || !password) {
      text("signin-error", "Give your login and your password.");
      show("signin-error", true);
      return;
    }
    const button = $("signin-submit");
    busy(button, true);
    try {
      const session = await call("POST", "/patgate/session", { login, password });
      $("signin-password").value = "";
      await signedIn(session);
    } catch (e) {
      text("signin-error", e.status === 401 ? "Wrong login or password." : e.message);
      show("signin-error", true);
    } finally {
      busy(button, false);
    }
  });

  $("sign-out").addEventListener("click", async () => {
    try { await call("DELETE", "/patgate/session"); } catch (e) { /* the session is gone either way */ }
    signedOut("You are signed out.");
  });

  // ---- whose tokens (admins) ----

  async function loadUsers() {
    const select = $("owner");
    select.replaceChildren();
    try {
      const answer = await call("GET", "/patgate/ui/users");
      const everyone = document.createElement("option");
      everyone.value = "";
      everyone.textContent = "everyone";
      select.append(everyone);
      for (const login of answer.users) {
        const option = document.createElement("option");
        option.value = login;
        option.textContent = login;
        if (login === state.session.login) option.selected = true;
        select.append(option);
      }
    } catch (e) {
      notice(e.message);
    }
  }

  $("owner").addEventListener("change", () => {
    const value = $("owner").value;
    state.everyone = value === "";
    state.owner = value === "" ? state.session.login : value;
    loadTokens();
  });

  // ---- the list ----

  function when(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleString();
  }

  function expiryText(token) {
    const kind = token.expiry_kind || (token.refresh_window ? (token.expires_at ? "sliding_capped" : "sliding") : "hard");
    if (kind === "sliding_capped") {
      return ["sliding " + token.refresh_window + ", capped", "now until " + when(token.valid_until) + "; at the latest " + when(token.expires_at)];
    }
    if (kind === "sliding") {
      return ["sliding " + token.refresh_window, "now until " + when(token.valid_until)];
    }
    return ["fixed", "ends " + when(token.expires_at || token.valid_until)];
  }

  function scopeText(scope) {
    const parts = String(scope).split(":");
    if (parts.length !== 3) return String(scope);
    const where = state.paths.get(parts[1]);
    const access = { r: "read", w: "write", rw: "read and write" }[parts[2]] || parts[2];
    return (where !== undefined ? "/" + where : "node " + parts[1]) + " (" + access + ")";
  }

  function cell(row, label, main, small, className) {
    const td = document.createElement("td");
    td.dataset.label = label;
    if (className) td.className = className;
    if (main instanceof Node) td.append(main); else td.append(document.createTextNode(main == null ? "" : String(main)));
    for (const line of small || []) {
      if (!line) continue;
      const span = document.createElement("span");
      span.className = "small";
      span.textContent = line;
      td.append(span);
    }
    row.append(td);
    return td;
  }

  function tokenRow(token) {
    const row = document.createElement("tr");
    row.dataset.id = token.id;
    row.dataset.state = token.state;
    const label = document.createElement("span");
    label.className = "token-label";
    label.textContent = token.label == null ? "(no label)" : token.label;
    cell(row, "Label", label, ["id " + token.id, state.session.admin ? "user " + token.user : ""]);
    const st = document.createElement("span");
    st.className = "st-" + token.state;
    st.textContent = token.state;
    cell(row, "State", st, token.revoked_at ? ["revoked " + when(token.revoked_at)] : []);
    const [kind, detail] = expiryText(token);
    cell(row, "Expiry", kind, [detail]);
    cell(row, "Last use", token.last_used_at ? when(token.last_used_at) : "never", token.last_used_ip ? ["from " + token.last_used_ip] : []);
    const scopes = token.scopes || [];
    cell(row, "Scope", scopes.length ? scopes.map(scopeText).join(", ") : "all your files");
    cell(row, "Created", when(token.created_at), token.created_by && token.created_by !== token.user ? ["by " + token.created_by] : []);
    const actions = cell(row, "Actions", "", [], "actions");
    if (token.state === "active") actionButtons(actions, token);
    return row;
  }

  function actionButtons(td, token) {
    td.replaceChildren();
    const name = token.label == null ? token.id : token.label;
    if (state.confirming === token.id) {
      const question = document.createElement("span");
      question.textContent = "Revoke it? ";
      const yes = button("Yes, revoke", "danger confirm-revoke", "Yes, revoke token " + name);
      yes.addEventListener("click", () => revoke(token, yes));
      const no = button("Keep it", "secondary", "Keep token " + name);
      no.addEventListener("click", () => { state.confirming = null; actionButtons(td, token); td.querySelector("button").focus(); });
      td.append(question, yes, no);
      yes.focus();
      return;
    }
    const rotate = button("Rotate", "secondary rotate", "Rotate token " + name);
    rotate.addEventListener("click", () => rotateToken(token, rotate));
    const revokeButton = button("Revoke", "danger revoke", "Revoke token " + name);
    revokeButton.addEventListener("click", () => { state.confirming = token.id; actionButtons(td, token); });
    td.append(rotate, revokeButton);
  }

  function button(label, className, ariaLabel) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    b.setAttribute("aria-label", ariaLabel);
    return b;
  }

  // the API answers in pages (next_cursor); a person's list is short, so the page reads them all
  async function allPages(url) {
    const tokens = [];
    let cursor = null;
    do {
      const sep = url.endsWith("?") ? "" : "&";
      const answer = await call("GET", url + sep + "limit=200" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
      tokens.push(...answer.tokens);
      cursor = answer.next_cursor || null;
    } while (cursor && tokens.length < 10000);
    return tokens;
  }

  async function loadTokens() {
    const rows = $("token-rows");
    text("list-state", "Loading tokens…");
    show("list-state", true);
    try {
      let url;
      if (state.everyone) {
        url = "/patgate/tokens?all=true";
      } else if (state.owner === state.session.login) {
        url = "/patgate/tokens?";
      } else {
        url = "/patgate/tokens?user=" + encodeURIComponent(state.owner);
      }
      const tokens = await allPages(url);
      rows.replaceChildren(...tokens.map(tokenRow));
      show("tokens", tokens.length > 0);
      if (tokens.length === 0) {
        text("list-state", "No tokens yet. Create one above.");
      } else {
        show("list-state", false);
      }
    } catch (e) {
      show("tokens", false);
      text("list-state", "The tokens could not be loaded: " + e.message);
      $("list-state").className = "state error";
      return;
    }
    $("list-state").className = "state";
  }

  async function revoke(token, control) {
    busy(control, true);
    try {
      await call("DELETE", "/patgate/tokens/" + encodeURIComponent(token.id));
      state.confirming = null;
      notice("Token " + (token.label == null ? token.id : token.label) + " is revoked.");
      await loadTokens();
    } catch (e) {
      busy(control, false);
      notice("It could not be revoked: " + e.message);
    }
  }

  async function rotateToken(token, control) {
    busy(control, true);
    try {
      const answer = await call("POST", "/patgate/tokens/" + encodeURIComponent(token.id) + "/rotate", {});
      const scopes = answer.scopes || [];
      const uuid = scopes.length === 1 ? String(scopes[0]).split(":")[1] : null;
      showCreated(answer, uuid && state.paths.has(uuid) ? state.paths.get(uuid) : null);
      notice("Token " + (token.label == null ? token.id : token.label) + " is rotated: the old one no longer works.");
      await loadTokens();
    } catch (e) {
      notice(e.status === 404 || e.status === 405 ? "This gateway cannot rotate tokens yet." : "It could not be rotated: " + e.message);
    } finally {
      busy(control, false);
    }
  }

  // ---- creating ----

  function kind() { return document.querySelector("input[name=kind]:checked").value; }

  function kindChanged() {
    const k = kind();
    show("expire-box", k !== "sliding");
    show("auto-box", k !== "hard");
  }
  for (const radio of document.querySelectorAll("input[name=kind]")) radio.addEventListener("change", kindChanged);

  $("scoped").addEventListener("change", () => {
    show("scope-box", $("scoped").checked);
    if ($("scoped").checked) browse([]);
  });

  function resetScope() {
    state.chosen = null;
    state.path = [];
    $("scoped").checked = false;
    show("scope-box", false);
    text("chosen-folder", "none yet");
  }

  async function browse(path) {
    const list = $("folders");
    text("folders-state", "Loading folders…");
    show("folders-state", true);
    list.replaceChildren();
    try {
      const answer = await call("GET", "/patgate/ui/folders?path=" + encodeURIComponent(path.join("/")));
      state.path = path;
      state.here = answer.uuid;
      if (answer.uuid) state.paths.set(answer.uuid, path.join("/"));
      crumbs();
      for (const folder of answer.folders) {
        if (folder.uuid) state.paths.set(folder.uuid, folder.path);
        const item = document.createElement("li");
        const open = button(folder.name, "folder", "Open folder " + folder.name);
        open.dataset.path = folder.path;
        open.addEventListener("click", () => browse(folder.path.split("/")));
        item.append(open);
        list.append(item);
      }
      if (answer.folders.length === 0) {
        text("folders-state", "No folders in here.");
      } else {
        show("folders-state", false);
      }
      $("choose-folder").disabled = !answer.uuid;
      text("choose-folder", path.length ? "Use " + path[path.length - 1] : "Use this folder");
    } catch (e) {
      text("folders-state", "The folders could not be listed: " + e.message);
    }
  }

  function crumbs() {
    const ol = $("crumbs");
    ol.replaceChildren();
    const top = document.createElement("li");
    const home = button("Your files", "crumb", "Go to the top of your files");
    home.addEventListener("click", () => browse([]));
    top.append(home);
    ol.append(top);
    state.path.forEach((segment, i) => {
      const li = document.createElement("li");
      const b = button(segment, "crumb", "Go to " + segment);
      b.addEventListener("click", () => browse(state.path.slice(0, i + 1)));
      li.append(b);
      ol.append(li);
    });
  }

  $("choose-folder").addEventListener("click", () => {
    if (!state.here) return;
    state.chosen = { path: state.path.join("/"), uuid: state.here };
    text("chosen-folder", "/" + state.chosen.path);
  });

  $("create-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    show("create-error", false);
    const body = {};
    const label = $("label").value.trim();
    if (label) body.label = label;
    const k = kind();
    if (k !== "sliding") body.expire = $("expire").value.trim();
    if (k !== "hard") body.auto = $("auto").value.trim();
    if ($("scoped").checked) {
      if (!state.chosen) {
        text("create-error", "Choose a folder, or untick \u201cOnly one folder\u201d.");
        show("create-error", true);
        return;
      }
      body.scopes = ["node:" + state.chosen.uuid + ":" + $("perm").value];
    }
    if (state.owner !== state.session.login) body.user = state.owner;
    const control = $("create-submit");
    busy(control, true);
    try {
      const answer = await call("POST", "/patgate/tokens", body);
      showCreated(answer, $("scoped").checked ? state.chosen.path : null);
      $("label").value = "";
      resetScope();
      await loadTokens();
    } catch (e) {
      text("create-error", e.message);
      show("create-error", true);
    } finally {
      busy(control, false);
    }
  });

  function showCreated(answer, folder) {
    const token = answer.token;
    $("new-token").value = token;
    text("copy-state", "");
    const davRoot = location.origin + (state.session.webdav || "/dav/");
    const url = davRoot + (folder ? folder.split("/").map(encodeURIComponent).join("/") + "/" : "");
    const login = answer.user;
    text("snippet-curl", "curl -H 'Authorization: Bearer " + token + "' -X PROPFIND -H 'Depth: 1' '" + url + "'");
    text("snippet-rclone", "rclone config create patgate webdav url='" + url + "' vendor=other bearer_token='" + token + "'\nrclone ls patgate:");
    text("snippet-davfs", "# in /etc/davfs2/secrets (mode 600):\n" + url + " " + login + " " + token + "\n\nsudo mount -t davfs '" + url + "' /mnt/patgate");
    show("created", true);
    $("created").focus();
  }

  $("copy-token").addEventListener("click", async () => {
    const field = $("new-token");
    try {
      await navigator.clipboard.writeText(field.value);
      text("copy-state", "Copied to the clipboard.");
    } catch (e) {
      field.focus();
      field.select();
      text("copy-state", "Selected: press Ctrl+C (or \u2318C) to copy.");
    }
  });

  $("created-done").addEventListener("click", () => {
    $("new-token").value = "";
    for (const id of ["snippet-curl", "snippet-rclone", "snippet-davfs"]) text(id, "");
    show("created", false);
    $("label").focus();
  });

  // ---- start ----

  (async () => {
    kindChanged();
    try {
      const session = await call("GET", "/patgate/session");
      await signedIn(session);
    } catch (e) {
      signedOut(e.code === "signed_out" ? "" : e.message);
    }
  })();
})();
