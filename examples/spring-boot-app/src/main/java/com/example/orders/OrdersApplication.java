package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order service on Reprise: {@link OrderWorkflow} is a bean, so the starter registers it; {@link
 * OrderController} submits runs and shows them. Runs are kept in the SQLite file of {@code
 * application.yml}; kill the process mid-run and start it again, and they carry on.
 */
@SpringBootApplication
public class OrdersApplication {
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
