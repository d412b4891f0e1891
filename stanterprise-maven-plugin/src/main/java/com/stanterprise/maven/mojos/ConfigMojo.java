package com.stanterprise.maven.mojos;

import com.stanterprise.maven.configuration.Configuration;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints the configuration the extension uses in this build, read the way the extension reads
 * it (the top-level project's plugin configuration, the properties, the environment, the pom's
 * properties, the defaults), and checks it.
 * The extension itself needs no goal: adding the plugin with {@code <extensions>true</extensions>}
 * is enough.
 */
@Mojo(name = "config", requiresProject = true, threadSafe = true)
public class ConfigMojo extends AbstractStanterpriseMojo {

    @Override
    public void execute() throws MojoExecutionException {
        Configuration c = configuration();
        getLog().info("endpoint             " + (c.endpoint == null ? "(none: file sink " + c.eventsFile() + ")" : c.endpoint));
        getLog().info("enabled              " + c.enabled);
        getLog().info("runId                " + (c.runId == null ? "(a random UUID per build)" : c.runId));
        getLog().info("enableBatching       " + c.enableBatching);
        getLog().info("batchSize            " + c.batchSize);
        getLog().info("batchFlushIntervalMs " + c.batchFlushIntervalMs);
        getLog().info("grpcTimeoutMs        " + c.grpcTimeoutMs);
        getLog().info("shutdownTimeoutMs    " + c.shutdownTimeoutMs);
        getLog().info("maxQueueBytes        " + c.maxQueueBytes);
        getLog().info("forkBufferBytes      " + c.forkBufferBytes);
        getLog().info("verbose              " + c.verbose);
        getLog().info("reportDirectory      " + c.reportDirectory);
        getLog().info("maxRetries           " + c.maxRetries);
        getLog().info("retryInitialDelayMs  " + c.retryInitialDelayMs);
        getLog().info("retryBackoffMultiplier " + c.retryBackoffMultiplier);
        getLog().info("circuitBreakerThreshold " + c.circuitBreakerThreshold);
        getLog().info("spoolDirectory       " + c.spoolDirectory);
        getLog().info("maxSpoolBytes        " + c.maxSpoolBytes);
        getLog().info("failOnReportingError " + c.failOnReportingError);
        getLog().info("heartbeatIntervalMs  " + c.heartbeatIntervalMs);
        getLog().info("maxOutputBytesPerTest " + c.maxOutputBytesPerTest);
        getLog().info("tls                  " + c.tls);
        getLog().info("trustCertCollectionFile " + (c.trustCertCollectionFile == null
                ? "(the JVM's trust store)" : c.trustCertCollectionFile));
        getLog().info("serverId             " + c.serverId);
        // where the token comes from, never the token
        getLog().info("token                " + (c.token == null ? "none" : c.token.source()));
        if (c.sendsTokenInPlaintext()) {
            getLog().warn("the token goes to " + c.endpoint + " without TLS, readable on the way; set tls to true.");
        }
    }
}
