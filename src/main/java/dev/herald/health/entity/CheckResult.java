package dev.herald.health.entity;

public record CheckResult(String name, Status status) {}
