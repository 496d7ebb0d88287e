package dev.reprise.spring.app;

import org.springframework.stereotype.Service;

/** A bean a workflow's step calls: what a real application's service would be. */
@Service
public class Greeter {
  public String greet(String who) {
    return "hello " + who;
  }
}
