package com.example.orders;

/** What a customer ordered. */
public record Order(String id, String sku, int quantity, long cents) {}
