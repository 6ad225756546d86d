import { useCallback, useEffect, useState } from 'react';
import { importsApi } from './api';
import type { ImportJob } from './types';

const RUNNING = new Set(['uploaded', 'checking', 'importing']);

/** The import job, polled every second while it is being checked or imported. */
export function useImportJob(id: number) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const j = await importsApi.job(id, { silent: true });
        if (stop) return;
        setJob(j);
        if (RUNNING.has(j.state)) timer = setTimeout(() => void poll(), 1000);
      } catch {
        if (!stop) timer = setTimeout(() => void poll(), 3000);
      }
    };
    void poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id, tick]);

  return { job, setJob, refresh, running: !!job && RUNNING.has(job.state) };
}
