package dev.herald.feeds.entity;

/** One tick of the `clock` feed: the server's time, readable and as epoch milliseconds. */
public record ClockSample(String time, long epochMillis) {}
