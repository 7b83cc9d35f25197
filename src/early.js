// The console's first requests, started while its wasm downloads:
// config.json, then the GET of the list page in the address bar. Until the
// console has taken them, its fetch goes through `takeStarted`, which hands
// over an answer only for exactly the request the console sends, once;
// anything else is fetched as usual, so a difference costs one GET, never a
// wrong answer. When that answer comes before the console has taken it, its
// rows are painted as text (`paintFirstRows`); the console removes them by
// their id (`browser::FIRST_ROWS_ID`) and otherwise knows nothing of this
// script.
//
// The rules below mirror the Rust ones (config.rs, query.rs,
// validation.rs, api/url.rs, the router's query decoding) and are compared
// with them over thousands of generated addresses by tests/early.rs, so
// that they cannot drift apart unnoticed.

const SETTINGS_KEY = "workspace-console.settings";
const PAGE_SIZE_KEY = "workspace-console.page-size";
const TOKEN_KEY = "workspace-console.auth-token";
const THEME_KEY = "workspace-console.theme";
const LANGUAGE_KEY = "workspace-console.language";
const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_LIMIT = 20;
const MAX_OFFSET = 8000;
const MAX_VALUE_CHARS = 255;
const MAX_LIST_ENTRIES = 255;
const MAX_REQUEST_LINE_BYTES = 16384;
const MAX_TIMEOUT_MS = 600000;

// Rust's `char::is_whitespace` and `char::is_control`, which differ from
// JavaScript's `\s` and `trim()` (U+0085, U+FEFF).
const SPACE = "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const CONTROL = "\\x00-\\x1f\\x7f-\\x9f";
const TRIM = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");
const SPACE_OR_CONTROL = new RegExp("[" + SPACE + CONTROL + "]");
const HAS_CONTROL = new RegExp("[" + CONTROL + "]");

const trim = (text) => text.replace(TRIM, "");
const utf8Bytes = (text) => new TextEncoder().encode(text).length;
const isText = (value) => typeof value === "string";
/** A JSON object (not null, not an array). */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
/** `json::present`: the value at `key`, a null counting as absent. */
const present = (from, key) => (Object.hasOwn(from, key) && from[key] !== null ? from[key] : undefined);
/** Rust's `str::parse::<u32>` for the values that matter here (else NaN). */
const whole = (text) => (/^\+?[0-9]+$/.test(text) ? Number(text) : NaN);

/**
 * `config::check_base_url`: the trimmed URL, or null. After `http://` or
 * `https://`, a host part (up to the first `/`) that is not empty, does
 * not start with `:` and holds no `@`, `%` or non-ASCII; else a path
 * starting with exactly one `/`.
 */
const BASE_URL = /^(https?:\/\/[^/:@%\x80-\uffff][^/@%\x80-\uffff]*(\/.*)?|\/(?!\/).*)$/;
function checkBaseUrl(value) {
  const url = trim(value);
  const fine = utf8Bytes(url) <= 2048 && !SPACE_OR_CONTROL.test(url) && !/[\\?#]/.test(url);
  return fine && BASE_URL.test(url) ? url : null;
}

/** `config::check_project_id`: the trimmed ID, or null. */
function checkProjectId(value) {
  const id = trim(value);
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}

function listsProfiles(text) {
  try {
    const profiles = JSON.parse(text)?.profiles;
    return profiles !== undefined && profiles !== null && !(Array.isArray(profiles) && !profiles.length);
  } catch {
    return false;
  }
}

/**
 * `DeployConfig::parse` (`deploy`) or `SavedSettings::parse`: `{base,
 * project}`, each maybe undefined, or null when the text is not usable.
 * A key holding null counts as absent (`json::present`).
 */
function settingsOf(text, deploy) {
  let object = null;
  try {
    object = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(object)) return null;
  const [base, id, timeout] = ["api_base_url", "project_id", "request_timeout_ms"].map((key) =>
    present(object, key),
  );
  const baseUrl =
    base === undefined ? (deploy ? null : undefined) : isText(base) ? checkBaseUrl(base) : null;
  const project =
    id === undefined || (deploy && isText(id) && !trim(id))
      ? undefined
      : isText(id)
        ? checkProjectId(id)
        : null;
  const timeoutOk =
    timeout === undefined || (Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_TIMEOUT_MS);
  if (baseUrl === null || project === null || !timeoutOk) return null;
  // config.json's values are used trimmed; saved ones as stored (trimmed when saved).
  return deploy ? { base: baseUrl, project } : { base, project: id };
}

/** `normalize_mac`: `AA-BB-CC-DD-EE-FF`, or null. */
function normalizeMac(value) {
  const groups = trim(value).split(/[-:]/);
  const valid = groups.length === 6 && groups.every((g) => /^[0-9A-Fa-f]{2}$/.test(g));
  return valid ? groups.join("-").toUpperCase() : null;
}

/** `validation::check_text`. */
const textOk = (value) => [...value].length <= MAX_VALUE_CHARS && !HAS_CONTROL.test(value);

const pushNew = (list, value) => {
  if (value && !list.includes(value)) list.push(value);
};

/**
 * The bindings list's URL keys in `Filters::KEYS` order: how one value is
 * read (`Filters::read_pair`) and whether the API takes what was read
 * (`Filters::validate`, which normalises MACs again: the same result).
 */
const BINDINGS = {
  apiPath: ["terminals", "binding-desktops"],
  keys: [
    ["computer_name", "one", (v) => v, textOk],
    ["computer_names", "list", (v) => v, textOk],
    ["mac", "one", (v) => normalizeMac(v) ?? v, (v) => !v || normalizeMac(v) !== null],
    ["mac_list", "list", (v) => normalizeMac(v) ?? v, (v) => normalizeMac(v) !== null],
    ["count_only", "flag"],
  ],
};
const LISTS = { bindings: BINDINGS };

/** `url::encode_component`: everything but RFC 3986 unreserved characters. */
const encode = (value) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );

/** The router's reading of `location.search`: URLSearchParams, then each value decoded once more. */
function searchParams(search) {
  const params = new Map();
  for (const [key, raw] of new URLSearchParams(search)) {
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Kept as it is, as the router does.
    }
    if (!params.has(key)) params.set(key, []);
    params.get(key).push(value);
  }
  return params;
}

/** `browser::base_path`: the `<base href>` path, ending in `/`. */
export function basePath(href) {
  const scheme = href.indexOf("://");
  // An absolute base keeps only its path.
  let path = scheme < 0 ? href : href.slice(scheme + 3).replace(/^[^/]*/, "") || "/";
  if (!path.startsWith("/")) path = "/" + path;
  if (!path.endsWith("/")) path += "/";
  return path;
}

/**
 * The GET the list page at `pathname` + `search` will send first, or null
 * when it sends none (not a list page, settings missing, a filter the API
 * would refuse, a request line too long for the proxy).
 */
export function firstListUrl(configText, savedText, pageSizeText, base, pathname, search) {
  const page = pathname.startsWith(base) ? pathname.slice(base.length) : "";
  if (!Object.hasOwn(LISTS, page)) return null;
  const list = LISTS[page];
  // With profiles the app picks one (URL, last used, first); this script
  // does not, and leaves the first GET to the app.
  if (configText != null && listsProfiles(configText)) return null;
  const deploy = configText == null ? null : settingsOf(configText, true);
  const saved = (savedText == null ? null : settingsOf(savedText, false)) ?? {};
  const baseUrl = saved.base ?? deploy?.base;
  const project = saved.project ?? deploy?.project;
  if (baseUrl === undefined || project === undefined) return null;

  const remembered = whole(pageSizeText ?? "");
  const defaultLimit = PAGE_SIZES.includes(remembered) ? remembered : DEFAULT_LIMIT;
  const params = searchParams(search);
  const pairs = [];
  for (const [key, kind, readValue, valid] of list.keys) {
    const values = (params.get(key) ?? []).map(trim);
    if (kind === "flag") {
      if (values.length && values[values.length - 1] === "true") pairs.push([key, "true"]);
      continue;
    }
    const kept = [];
    for (const value of values) {
      if (kind === "one") kept.splice(0, 1, readValue(value));
      else pushNew(kept, readValue(value));
    }
    if (kind === "list" && kept.length > MAX_LIST_ENTRIES) return null;
    if (!kept.every(valid)) return null;
    for (const value of kept) pairs.push([key, value]);
  }
  let offset = 0;
  for (const value of (params.get("offset") ?? []).map(trim)) {
    offset = whole(value) <= MAX_OFFSET ? whole(value) : 0;
  }
  let limit = defaultLimit;
  for (const value of (params.get("limit") ?? []).map(trim)) {
    if (PAGE_SIZES.includes(whole(value))) limit = whole(value);
  }
  pairs.push(["offset", String(offset)], ["limit", String(limit)]);

  const query = pairs
    .filter(([, value]) => value !== "")
    .map(([key, value]) => encode(key) + "=" + encode(value))
    .join("&");
  const path = ["v2", project, ...list.apiPath].map(encode).join("/");
  const url = baseUrl.replace(/\/+$/, "") + "/" + path + (query ? "?" + query : "");
  const target = url.includes("://") ? url.slice(url.indexOf("/", url.indexOf("://") + 3)) : url;
  const lineBytes = "GET ".length + utf8Bytes(target) + " HTTP/1.1\r\n".length;
  return lineBytes <= MAX_REQUEST_LINE_BYTES ? url : null;
}

// What has been started and not yet taken, by absolute URL.
const started = new Map();
let passOn = null;

/**
 * The console's fetch while something started here is not yet taken: a
 * GET exactly like one started here (URL, token, headers, redirect and
 * cache modes, as `api::client` sends them) gets that answer, once, and
 * its signal aborts it from then on; anything else goes on unchanged.
 */
function takeStarted(input, init) {
  const entry = init === undefined && input instanceof Request ? started.get(input.url) : undefined;
  if (
    !entry ||
    input.method !== "GET" ||
    input.headers.get("X-Auth-Token") !== entry.token ||
    input.headers.get("Accept") !== "application/json" ||
    input.redirect !== "manual" ||
    input.cache !== "no-cache"
  ) {
    return passOn(input, init);
  }
  started.delete(input.url);
  if (!started.size && globalThis.fetch === takeStarted) globalThis.fetch = passOn;
  const abort = () => entry.controller.abort();
  if (input.signal.aborted) abort();
  input.signal.addEventListener("abort", abort);
  return entry.response;
}

/** Starts `GET url` as the console would send it, for the console to take. */
export function startGet(url, token) {
  token = token || null;
  if (globalThis.fetch !== takeStarted) {
    passOn = globalThis.fetch.bind(globalThis);
    globalThis.fetch = takeStarted;
  }
  const controller = new AbortController();
  const headers = { Accept: "application/json" };
  if (token !== null) headers["X-Auth-Token"] = token;
  const response = passOn(url, {
    headers,
    redirect: "manual",
    cache: "no-cache",
    signal: controller.signal,
  });
  // A failure is the console's to report, if it takes this answer.
  response.catch(() => {});
  started.set(new URL(url, document.baseURI).href, { token, controller, response });
  return response;
}

/**
 * The rows of a list answer as the console reads it (`read_json` with
 * `ListBindingsResponse::from_json`): `[desktop_name, mac, description,
 * id]` each, or null when the console would not show them as rows (not a
 * 2xx, not a JSON object, an error body, a field of the wrong type, no
 * rows). Declining costs only the early paint, so where JavaScript's JSON
 * reads more than serde_json (numbers past 2^53, deep nesting) it declines.
 */
export function bindingRows(status, body) {
  if (status < 200 || status > 299) return null;
  let object = null;
  try {
    // serde_json takes `5`, not `5.0`, as a whole number, and refuses
    // unpaired surrogates: the reviver sees the source text.
    object = JSON.parse(body, (key, value, context) => {
      const source = context?.source;
      if (typeof value === "number" && source !== undefined && !/^[0-9]+$/.test(source)) return NaN;
      if (!key.isWellFormed() || (isText(value) && !value.isWellFormed())) throw new Error();
      return value;
    });
  } catch {
    return null;
  }
  if (!isObject(object) || present(object, "error_code") !== undefined || isObject(object.error)) {
    return null;
  }
  const total = present(object, "total_num");
  const list = present(object, "bind_list") ?? [];
  if (!Number.isSafeInteger(total) || total < 0 || !Array.isArray(list)) return null;
  const rows = [];
  for (const row of list) {
    if (!isObject(row)) return null;
    const cells = ["desktop_name", "mac", "description", "id"].map((key) => present(row, key) ?? "");
    if (!cells.every(isText)) return null;
    rows.push(cells);
  }
  return rows.length ? rows : null;
}

const DESCRIPTION_PREVIEW_CHARS = 80;
export const FIRST_ROWS_ID = "first-rows";

/**
 * The rows as `bindings_table` shows them, under the page's heading,
 * before the console runs: texts only (the controls come with it), in the
 * language of `catalogue` (`i18n::t`, English where it has no text). The
 * console removes it when it shows its own answer.
 */
export function firstRowsView(rows, catalogue) {
  const t = (key) => (catalogue && isText(catalogue[key]) && catalogue[key]) || key;
  const element = (name, text, attributes = {}) => {
    const made = document.createElement(name);
    if (text) made.textContent = text;
    for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, value);
    return made;
  };
  const view = element("div", "", { id: FIRST_ROWS_ID });
  const header = element("header", "", { class: "top" });
  header.append(element("span", t("Workspace console"), { class: "brand" }));
  const main = element("div", "", { class: "main" });
  const table = element("table", "", { class: "bindings busy", "aria-busy": "true" });
  const head = element("tr");
  head.append(element("th", "", { scope: "col" }));
  for (const name of [t("Desktop name"), t("MAC address"), t("Description"), t("Binding ID")]) {
    head.append(element("th", name, { scope: "col" }));
  }
  head.append(element("th", "", { scope: "col" }));
  const body = element("tbody");
  for (const [name, mac, description, id] of rows) {
    const tr = element("tr");
    const chars = [...description];
    const shown =
      chars.length > DESCRIPTION_PREVIEW_CHARS
        ? chars.slice(0, DESCRIPTION_PREVIEW_CHARS).join("") + "…"
        : description;
    tr.append(
      element("td"),
      element("td", name, { class: "name" }),
      element("td", mac, { class: "mono" }),
      element("td", shown),
      element("td", id, { class: "mono" }),
      element("td"),
    );
    body.append(tr);
  }
  table.append(element("caption", t("Terminal bindings")), element("thead"), body);
  table.tHead.append(head);
  const wrap = element("div", "", { class: "table-wrap" });
  wrap.append(table);
  main.append(
    element("h1", t("Terminal bindings")),
    element("p", t("Loading the console…"), { class: "status", role: "status" }),
    wrap,
  );
  view.append(header, main);
  return view;
}

/**
 * Paints the list's first rows from the answer started here, when they
 * arrive before the console has taken that answer (on a slow link the
 * wasm is still downloading; on a fast one the console is first, and
 * nothing is painted).
 */
async function paintFirstRows(url, answer, catalogue) {
  let rows = null;
  let texts = null;
  try {
    const response = await answer;
    rows = bindingRows(response.status, await response.text());
    const catalogueAnswer = await catalogue;
    texts = catalogueAnswer?.ok ? await catalogueAnswer.json() : null;
  } catch {
    // No rows, or no catalogue: the console says what went wrong.
    if (!rows) return;
  }
  if (!document.body) await new Promise((ready) => addEventListener("DOMContentLoaded", ready));
  if (!rows || !started.has(url)) return;
  document.body.prepend(firstRowsView(rows, texts));
  performance.mark("first-rows");
}

function stored(storage, key) {
  try {
    return globalThis[storage].getItem(key);
  } catch {
    return null;
  }
}

/**
 * `i18n::Language::pick`: the saved choice ("en" or "zh-CN"), else the
 * first of the browser's languages the console has, else English.
 */
export function pickLanguage(saved, browser) {
  if (saved === "en" || saved === "zh-CN") return saved;
  for (const tag of browser) {
    const primary = String(tag).split("-")[0].toLowerCase();
    if (primary === "zh") return "zh-CN";
    if (primary === "en") return "en";
  }
  return "en";
}

async function startConsole() {
  const baseElement = document.querySelector("base[href]");
  const base = basePath(baseElement ? baseElement.getAttribute("href") : "");
  // The language's catalogue downloads beside the wasm (`i18n::Language`).
  const language = pickLanguage(stored("localStorage", LANGUAGE_KEY), navigator.languages || []);
  document.documentElement.lang = language;
  // Clones taken at once: the console may read the answers first. A failed
  // catalogue is the console's to report; here it is only absent.
  const catalogue =
    language === "zh-CN"
      ? startGet(base + "i18n/zh-CN.json", null).then(
          (r) => r.clone(),
          () => null,
        )
      : null;
  const config = startGet(base + "config.json", null);
  let configText = null;
  try {
    const answer = await config;
    if (answer.type !== "opaqueredirect" && answer.status >= 200 && answer.status < 300) {
      configText = await answer.clone().text();
    }
  } catch {
    // The app reports it.
  }
  const url = firstListUrl(
    configText,
    stored("localStorage", SETTINGS_KEY),
    stored("localStorage", PAGE_SIZE_KEY),
    base,
    location.pathname,
    location.search,
  );
  const token = stored("sessionStorage", TOKEN_KEY);
  // A token a header cannot carry as it is: the app's own request reports it.
  if (url !== null && (token === null || /^[\x21-\x7e]*$/.test(token))) {
    const answer = startGet(url, token);
    const absolute = new URL(url, document.baseURI);
    // A count alone is shown without a table.
    if (absolute.searchParams.get("count_only") !== "true") {
      paintFirstRows(
        absolute.href,
        answer.then((r) => r.clone()),
        catalogue,
      );
    }
  }
}

/**
 * `theme::Theme::attribute`: the saved theme on `<html>` before the wasm
 * has arrived, so that a dark choice never starts white.
 */
export function showSavedTheme(saved) {
  if (saved === "light" || saved === "dark") {
    document.documentElement.dataset.theme = saved;
  }
}

showSavedTheme(stored("localStorage", THEME_KEY));
startConsole();
