import { randomBytes } from 'node:crypto';
import type { Notice } from './views/layout.ts';

// An action's result is shown once, on the page it redirects to; few are ever waiting to be read.
const KEPT = 100;

/**
 * What a POST did, kept for the page it redirects to (`?notice=<id>`), read once: a reload then shows the
 * page without it, and a link cannot put text of its own on a console page.
 */
export const createNoticeBoard = () => {
  const notices = new Map<string, Notice>();
  return {
    post: (notice: Notice): string => {
      const id = randomBytes(8).toString('hex');
      notices.set(id, notice);
      for (const oldest of notices.keys()) {
        if (notices.size <= KEPT) break;
        notices.delete(oldest);
      }
      return id;
    },
    take: (id: string | null): Notice | undefined => {
      if (id === null) return undefined;
      const notice = notices.get(id);
      notices.delete(id);
      return notice;
    },
  };
};

export type NoticeBoard = ReturnType<typeof createNoticeBoard>;
