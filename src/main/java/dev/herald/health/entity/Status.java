package dev.herald.health.entity;

public enum Status {
  UP,
  DOWN
}
