/** The value of one unlabelled sample in Prometheus text format; fails naming the metric when it is missing. */
export function sampleValue(text: string, name: string): number {
  const match = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
  if (!match) throw new Error(`metric ${name} not found`);
  return Number(match[1]);
}

export async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`GET ${url}/metrics answered ${response.status}`);
  return response.text();
}
