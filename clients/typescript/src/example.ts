// A typed use of the API through the types generated from openapi/openapi.json: if the spec
// changes a field, a parameter or a path this code relies on, `tsc --noEmit` fails.
import type { components, paths } from "../generated/schema";

type Cooperative = components["schemas"]["Cooperative"];
type DirectoryQuery = NonNullable<paths["/v1/directory/cooperatives"]["get"]["parameters"]["query"]>;
type DirectoryPage =
  paths["/v1/directory/cooperatives"]["get"]["responses"][200]["content"]["application/json"];
type CooperativeRead =
  paths["/v1/cooperatives/{id}"]["get"]["responses"][200]["content"]["application/json"];
type CooperativePath = paths["/v1/cooperatives/{id}"]["get"]["parameters"]["path"];
type Problem = components["schemas"]["Problem"];

/** Query parameters as the spec types them, serialised for a URL. */
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    throw new Error(`${response.status} ${problem.title}: ${problem.detail ?? ""}`);
  }
  return (await response.json()) as T;
}

/** The public directory: no token. */
export async function listDirectory(base: string, params: DirectoryQuery = {}): Promise<DirectoryPage> {
  return json<DirectoryPage>(await fetch(`${base}/v1/directory/cooperatives${query(params)}`));
}

/** One co-op of the register, with a bearer token. */
export async function getCooperative(
  base: string,
  token: string,
  path: CooperativePath,
): Promise<CooperativeRead> {
  const response = await fetch(`${base}/v1/cooperatives/${encodeURIComponent(path.id)}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return json<CooperativeRead>(response);
}

/** A line per member co-op of a region, then the first one's register entry. */
export async function example(base: string, token: string): Promise<string[]> {
  const page = await listDirectory(base, { region: "06", limit: 20 });
  const lines = page.items.map((entry) => `${entry.name} (${entry.municipality}): ${entry.services.join(", ")}`);
  const first = page.items[0];
  if (first) {
    const coop: Cooperative = await getCooperative(base, token, { id: first.id });
    const since: string = coop.member_since ?? "not a member";
    lines.push(`${coop.name}: ${coop.federation_status} since ${since}, version ${coop.version}`);
  }
  if (page.next_cursor) lines.push(`more: ${query({ cursor: page.next_cursor })}`);
  return lines;
}
