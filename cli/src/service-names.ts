export const SERVICE_NAMES = ['extractor', 'transformer', 'loader'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
