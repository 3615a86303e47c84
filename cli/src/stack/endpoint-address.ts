/** host and port of an emulator endpoint URL, for the servers we start to listen on exactly that. */
export const parseEndpointAddress = (endpoint: string): { host: string; port: number } => {
  const url = new URL(endpoint);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  // URL keeps IPv6 hosts in brackets; servers want them bare.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
};
