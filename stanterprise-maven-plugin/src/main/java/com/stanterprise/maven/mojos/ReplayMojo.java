package com.stanterprise.maven.mojos;

import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.export.CircuitBreaker;
import com.stanterprise.maven.export.CollectorChannel;
import com.stanterprise.maven.export.ConcurrentEventTransport;
import com.stanterprise.maven.export.Delivery;
import com.stanterprise.maven.export.EventTransport;
import com.stanterprise.maven.export.ExportStatistics;
import com.stanterprise.maven.export.GrpcBatchTransport;
import com.stanterprise.maven.export.RetryPolicy;
import com.stanterprise.maven.export.Spool;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends what earlier builds spooled (the collector was down or refused the token, or the
 * end-of-build drain ran out of time) to the collector, with the same run ids and sequences, so
 * a collector with the batch service drops what it already has. What the collector
 * acknowledges is deleted from the spool; what it does not stays for the next replay. A spool
 * that a running build still writes (it holds the file's lock: {@code mvn verify
 * stanterprise:replay} with the collector down, or another build) is left to that build.
 */
@Mojo(name = "replay", requiresProject = true, aggregator = true, threadSafe = true)
public class ReplayMojo extends AbstractStanterpriseMojo {

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Configuration c = configuration();
        if (c.endpoint == null) {
            throw new MojoExecutionException("Stanterprise: replay needs a collector: set <endpoint> in the plugin's"
                    + " configuration or -Dstanterprise.endpoint=host:port.");
        }
        List<Path> files;
        try {
            files = Spool.files(c.spoolDirectory);
        } catch (IOException e) {
            throw new MojoExecutionException("Stanterprise: cannot read the spool directory " + c.spoolDirectory, e);
        }
        if (files.isEmpty()) {
            getLog().info("Stanterprise: nothing to replay in " + c.spoolDirectory + ".");
            return;
        }
        ExportStatistics statistics = new ExportStatistics();
        if (c.sendsTokenInPlaintext()) {
            getLog().warn("Stanterprise: the token goes to " + c.endpoint + " without TLS, readable on the way;"
                    + " set tls to true.");
        }
        CollectorChannel channel;
        try {
            channel = new CollectorChannel(c);
        } catch (IOException e) {
            throw new MojoExecutionException("Stanterprise: cannot set up TLS to " + c.endpoint + ": " + e.getMessage()
                    + "; check trustCertCollectionFile (-Dstanterprise.trustCertCollectionFile), or set tls to false"
                    + " (-Dstanterprise.tls=false) for a collector without TLS.", e);
        }
        EventTransport transport = c.enableBatching
                ? new GrpcBatchTransport(channel, statistics.latency(), getLog()::info)
                : new ConcurrentEventTransport(channel, statistics.latency(), true, ConcurrentEventTransport.DEFAULT_WINDOW);
        CircuitBreaker breaker = new CircuitBreaker(c.circuitBreakerThreshold);
        long left = 0;
        int inUse = 0;
        List<Path> unreadable = new ArrayList<>();
        try {
            for (Path file : files) {
                Spool spool;
                try {
                    spool = Spool.open(file);
                } catch (Spool.InUseException e) {
                    // Its build appends to it and rewrites or deletes it when it ends; taking it
                    // now would lose what the build appends later.
                    inUse++;
                    getLog().warn("Stanterprise: skipping " + file + ": a running build holds it (its lock is taken);"
                            + " replay it once that build has ended.");
                    continue;
                } catch (IOException e) {
                    // One file that cannot be read holds back none of the others.
                    unreadable.add(file);
                    getLog().warn("Stanterprise: skipping " + file + ": " + e.getMessage() + "; if it is not a spool"
                            + " of this plugin's version, move it out of " + c.spoolDirectory + " or delete it.");
                    continue;
                }
                Delivery delivery = new Delivery(transport, spool,
                        new RetryPolicy(c.maxRetries, c.retryInitialDelayMs, c.retryBackoffMultiplier),
                        breaker, c.grpcTimeoutMs, statistics, getLog()::warn, c.batchSize);
                try {
                    for (String run : spool.runsWithoutEnd()) {
                        getLog().warn("Stanterprise: " + file + " holds run " + run + " without its run end: the"
                                + " build that spooled it was killed before the run ended, or dropped its end (its"
                                + " summary says so), so the collector will show the run as never ended, its last"
                                + " tests and suites perhaps still open.");
                    }
                    if (!delivery.replay()) {
                        left += Spool.countEvents(file);
                    }
                } catch (IOException e) {
                    unreadable.add(file);
                    getLog().warn("Stanterprise: cannot replay " + file + ": " + e.getMessage());
                }
            }
        } finally {
            transport.close();
        }
        getLog().info("Stanterprise: replayed " + statistics.eventsDelivered() + " events from "
                + (files.size() - inUse - unreadable.size()) + " spool file(s) to " + transport.destination() + " in "
                + statistics.calls() + " calls; " + left + " events left in " + c.spoolDirectory
                + (inUse > 0 ? "; " + inUse + " spool file(s) in use by a running build skipped" : "")
                + (statistics.lost() > 0 ? "; refused and dropped: " + statistics.droppedByReason() : "") + ".");
        if (left > 0 || !unreadable.isEmpty()) {
            throw new MojoFailureException("Stanterprise: " + (left > 0 ? left + " spooled events were not delivered;"
                    + " they stay in " + c.spoolDirectory + " for the next replay." : "")
                    + (unreadable.isEmpty() ? "" : (left > 0 ? " " : "") + unreadable.size()
                    + " spool file(s) could not be replayed: " + unreadable + "."));
        }
    }
}
