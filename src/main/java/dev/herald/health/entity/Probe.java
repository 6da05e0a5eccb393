package dev.herald.health.entity;

/** What an operator's probe asks: is the process working (live) and can it take traffic (ready). */
public enum Probe {
  LIVENESS,
  READINESS
}
