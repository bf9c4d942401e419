package dev.discovery.spring.test.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.discovery.Discovery;
import dev.discovery.spring.test.AutoConfigureTestDiscovery;
import dev.discovery.spring.test.TestDiscoveryNetwork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/** A slice does not include discovery; the annotation adds it, on the in-memory network. */
@WebMvcTest
@AutoConfigureTestDiscovery
class WebMvcSliceTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestDiscoveryNetwork network;

    @Autowired
    Discovery discovery;

    @Test
    void theControllerFollowsAFakeInstance() throws Exception {
        assertThat(network.contains(discovery)).isTrue();
        mvc.perform(get("/billing")).andExpect(status().isServiceUnavailable());
        network.fakePeer(java.util.Map.of("name", "billing", "port", 9090));
        mvc.perform(get("/billing")).andExpect(status().isOk()).andExpect(jsonPath("$.name").value("billing"));
    }
}
