/**
 * A clock for waiting times that tick: `now` changes every `intervalMs` while the component that
 * made it is mounted. Create it during component initialisation (it uses `$effect`).
 */
export class Clock {
  now = $state(Date.now());

  constructor(intervalMs = 1000) {
    $effect(() => {
      this.now = Date.now();
      const timer = setInterval(() => {
        this.now = Date.now();
      }, intervalMs);
      return () => clearInterval(timer);
    });
  }
}
