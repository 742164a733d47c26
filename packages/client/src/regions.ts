/** The regions the official SDKs list for DataArts Studio. */
export const REGIONS = [
  "cn-north-1",
  "cn-north-2",
  "cn-north-4",
  "cn-east-3",
  "cn-east-2",
  "cn-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "af-south-1",
  "ru-northwest-2",
  "sa-brazil-1",
  "la-south-2",
  "la-north-2",
  "na-mexico-1",
  "cn-north-9",
  "cn-southwest-2",
  "ap-southeast-4",
  "tr-west-1",
  "me-east-1",
  "eu-west-101",
  "ae-ad-1",
  "cn-north-11",
  "ru-moscow-1",
  "my-kualalumpur-1",
  "cn-east-4",
] as const;

/** A region where DataArts Factory's V2 API is served. */
export type Region = (typeof REGIONS)[number];

/** The DataArts Factory V2 endpoint of a region. */
export function regionEndpoint(region: Region): string {
  return `https://dayu.${region}.myhuaweicloud.com`;
}
