package com.example.orders;

/** What the order workflow returns: the outside systems' references for each effect. */
public record Receipt(String orderId, String reservation, String charge, String shipment) {}
