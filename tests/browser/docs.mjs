// Swagger UI and cross-origin calls in headless Chromium (Debian's), run by scripts/browser-test.
// Env: API (the service's base URL), TOKEN (a bearer token), PAGE_ORIGIN (an origin listed in
// COOPSANTE_CORS_ORIGINS that serves cross-origin.html), OTHER_ORIGIN (one that is not),
// SCREENSHOT (where to save the picture of the executed operation), COOP_NAME (a member co-op's
// name, which the directory shows).
import { chromium } from "playwright-core";

const { API, TOKEN, PAGE_ORIGIN, OTHER_ORIGIN, SCREENSHOT } = process.env;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(30_000);

  // Swagger UI renders every tag of the spec.
  const spec = await (await fetch(`${API}/openapi.json`)).json();
  const expected = spec.tags.map((t) => t.name).sort();
  await page.goto(`${API}/docs/`);
  await page.locator(".swagger-ui .opblock-tag").first().waitFor();
  const rendered = (await page.locator(".swagger-ui .opblock-tag").evaluateAll(
    (tags) => tags.map((t) => t.getAttribute("data-tag")),
  )).sort();
  check(JSON.stringify(rendered) === JSON.stringify(expected), `every tag is rendered (${rendered.length} of ${expected.length})`);
  const title = await page.locator(".swagger-ui .info .title").innerText();
  check(title.includes(spec.info.title), `the title is shown (${title.split("\n")[0]})`);

  // The public directory: expand, try it out, execute, see a 200.
  const op = page.locator("#operations-directory-list_directory");
  await op.locator(".opblock-summary").click();
  await op.locator("button.try-out__btn").click();
  // "Try it out" fills the parameters with the spec's examples: the whole directory instead,
  // as JSON pages.
  for (const name of ["region", "service", "q"]) {
    await op.locator(`tr[data-param-name="${name}"] input`).fill("");
  }
  await op.locator('tr[data-param-name="format"] select').selectOption("json");
  await op.locator("button.execute").click();
  const status = op.locator(".live-responses-table tbody .response-col_status").first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  check(code === "200", `GET /v1/directory/cooperatives executed from Swagger UI: ${code}`);
  const body = await op.locator(".live-responses-table tbody .response-col_description").first().innerText();
  check(body.includes('"items"') && body.includes(process.env.COOP_NAME), "its JSON body, with the co-op, is shown");
  // The operation down to the server's response (its documented responses follow).
  // (Boxes are relative to the viewport, a full-page clip to the page: add the scroll.)
  const scrollY = await page.evaluate(() => window.scrollY);
  const top = await op.boundingBox();
  const answered = await op.locator(".live-responses-table").boundingBox();
  await page.screenshot({
    path: SCREENSHOT,
    fullPage: true,
    clip: { x: top.x, y: top.y + scrollY, width: top.width, height: answered.y + answered.height + 12 - top.y },
  });
  console.log(`saved ${SCREENSHOT}`);

  // Another origin's page calls the API with fetch.
  const crossOrigin = async (origin) => {
    const other = await browser.newPage();
    const url = `${origin}/cross-origin.html#${new URLSearchParams({ api: API, token: TOKEN })}`;
    await other.goto(url);
    await other.waitForFunction(() => window.results !== undefined);
    const results = await other.evaluate(() => window.results);
    await other.close();
    return results;
  };
  const listed = await crossOrigin(PAGE_ORIGIN);
  console.log(`from ${PAGE_ORIGIN}: ${JSON.stringify(listed)}`);
  check(listed.directory.status === 200 && listed.directory.items > 0, "a listed origin reads the public directory");
  check(listed.cooperatives.status === 200, "a listed origin reads /v1/cooperatives with a bearer token");
  check(Boolean(listed.cooperatives.requestId), "X-Request-Id is exposed to it");
  check(Boolean(listed.cooperative?.etag), "ETag is exposed to it");
  const unlisted = await crossOrigin(OTHER_ORIGIN);
  console.log(`from ${OTHER_ORIGIN}: ${JSON.stringify(unlisted)}`);
  check(unlisted.directory.status === 200, "any origin reads the public directory");
  check(unlisted.cooperatives.error !== undefined, "an origin not listed cannot read /v1/cooperatives");
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`browser-test: ${failures.length} failed: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("browser-test: all checks passed");
