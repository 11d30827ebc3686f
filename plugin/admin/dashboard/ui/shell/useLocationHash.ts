import { useEffect, useState } from 'preact/hooks';

/** The location hash, following every change (links, the back button, code setting it). */
export function useLocationHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const follow = () => setHash(location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return hash;
}
