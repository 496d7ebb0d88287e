package dev.reprise.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application as a user writes one: a workflow bean and a service it calls. */
@SpringBootApplication
public class TestApp {}
