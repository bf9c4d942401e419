package dev.discovery.bench.spring;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The callee's work: nothing, so that what is measured is routing, not the work. */
@RestController
@ConditionalOnProperty(name = "bench.role", havingValue = "callee")
class CalleeController {

    @GetMapping("/work")
    String work() {
        return "ok";
    }
}
