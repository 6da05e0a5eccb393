package dev.herald.clock.entity;

/** One event of the countdown, in the shape of the original demo: the time and the count. */
public record Tick(String data, int count) {}
