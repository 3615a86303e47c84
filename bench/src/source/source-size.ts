/** How many records of each resource a synthetic source of `characters` characters holds. */
export interface SourceSize {
  characters: number;
  locations: number;
  episodes: number;
}

export const PAGE_SIZE = 20;

// The live API's proportions (826 characters, 126 locations, 51 episodes), so every page keeps the size it
// has there: an episode lists ~60 characters, not thousands, whatever N is.
export const sizeSource = (characters: number): SourceSize => ({
  characters,
  locations: Math.max(1, Math.round((characters * 126) / 826)),
  episodes: Math.max(1, Math.round((characters * 51) / 826)),
});

export const pagesOf = (size: SourceSize): number =>
  Math.ceil(size.characters / PAGE_SIZE) +
  Math.ceil(size.locations / PAGE_SIZE) +
  Math.ceil(size.episodes / PAGE_SIZE);
