package com.stanterprise.maven.injection;

import com.stanterprise.maven.BuildReporting;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluationException;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sits in front of Maven's own execution listener. When a Surefire or Failsafe execution is
 * about to run (in any module, bound to a phase or called from the command line, with or
 * without {@code -T}), it opens the execution's PROJECT suite and injects the listener into its
 * configuration; when the execution is over, it closes the suite. Everything else passes through.
 */
public final class ReportingExecutionListener implements ExecutionListener {

    private final ExecutionListener delegate;
    private final ReportingStart reporting;
    private final Path listenerJar;
    private final Logger log;
    private final Set<String> warnedVersions = ConcurrentHashMap.newKeySet();

    ReportingExecutionListener(ExecutionListener delegate, ReportingStart reporting, Path listenerJar, Logger log) {
        this.delegate = delegate;
        this.reporting = reporting;
        this.listenerJar = listenerJar;
        this.log = log;
    }

    @Override
    public void mojoStarted(ExecutionEvent event) {
        try {
            started(event);
        } catch (RuntimeException e) {
            log.warn("Stanterprise: could not set up reporting for {}: {}", event.getMojoExecution(), e.toString());
        }
        if (delegate != null) {
            delegate.mojoStarted(event);
        }
    }

    private void started(ExecutionEvent event) {
        MavenProject project = event.getProject();
        MojoExecution mojo = event.getMojoExecution();
        TestExecution execution = TestExecution.of(project, mojo);
        if (execution == null) {
            return;
        }
        if (!execution.supportedVersion()) {
            if (warnedVersions.add(mojo.getArtifactId() + mojo.getVersion())) {
                log.warn("Stanterprise: {} {} is too old to report from; upgrade to 3.5.4 or later"
                        + " (its tests run, unreported).", mojo.getArtifactId(), mojo.getVersion());
            }
            return;
        }
        Xpp3Dom configuration = mojo.getConfiguration();
        if (configuration == null) {
            configuration = new Xpp3Dom("configuration");
            mojo.setConfiguration(configuration);
        }
        BuildReporting reporting = this.reporting.get();
        if (reporting == null) {
            return;
        }
        PluginParameterExpressionEvaluator evaluator = new PluginParameterExpressionEvaluator(event.getSession(), mojo);
        reporting.executionStarted(execution.key, execution.suiteName, execution.project,
                reportsDirectory(project, configuration, evaluator, execution));
        SurefireConfiguration.inject(configuration,
                declaresListener(project) ? null : listenerJar.toString(),
                reporting.forkProperties(execution.key),
                expression -> {
                    try {
                        Object value = evaluator.evaluate(expression);
                        return value == null ? null : value.toString();
                    } catch (ExpressionEvaluationException e) {
                        return null;
                    }
                },
                TestProvider.of(project.getArtifacts(), mojo.getVersion()));
    }

    /**
     * Where Surefire or Failsafe will write its XML reports: the configured
     * {@code reportsDirectory}, evaluated, else the plugin's default under the build directory.
     */
    private Path reportsDirectory(MavenProject project, Xpp3Dom configuration,
                                  PluginParameterExpressionEvaluator evaluator, TestExecution execution) {
        try {
            return configuredReportsDirectory(project, configuration, evaluator, execution);
        } catch (RuntimeException e) {
            // Without it nothing is taken from Surefire's reports; the tests are reported all the same.
            log.debug("Stanterprise: no reports directory for {}: {}", execution.suiteName, e.toString());
            return null;
        }
    }

    private static Path configuredReportsDirectory(MavenProject project, Xpp3Dom configuration,
                                                   PluginParameterExpressionEvaluator evaluator,
                                                   TestExecution execution) {
        Xpp3Dom configured = configuration.getChild("reportsDirectory");
        String value = configured == null ? null : configured.getValue();
        if (value != null && value.contains("${")) {
            try {
                Object evaluated = evaluator.evaluate(value);
                value = evaluated == null ? null : evaluated.toString();
            } catch (ExpressionEvaluationException e) {
                value = null;
            }
        }
        Path directory = value == null || value.trim().isEmpty()
                ? Paths.get(project.getBuild().getDirectory(), execution.defaultReportsFolder())
                : Paths.get(value.trim());
        return directory.isAbsolute() ? directory : project.getBasedir().toPath().resolve(directory);
    }

    /** A project that compiles against the steps API has the listener already. */
    private static boolean declaresListener(MavenProject project) {
        return project.getDependencies().stream().anyMatch(dependency ->
                ListenerJar.GROUP_ID.equals(dependency.getGroupId())
                        && ListenerJar.ARTIFACT_ID.equals(dependency.getArtifactId()));
    }

    @Override
    public void mojoSucceeded(ExecutionEvent event) {
        ended(event, true);
        if (delegate != null) {
            delegate.mojoSucceeded(event);
        }
    }

    @Override
    public void mojoFailed(ExecutionEvent event) {
        ended(event, false);
        if (delegate != null) {
            delegate.mojoFailed(event);
        }
    }

    private void ended(ExecutionEvent event, boolean succeeded) {
        TestExecution execution = TestExecution.of(event.getProject(), event.getMojoExecution());
        if (execution == null || !execution.supportedVersion()) {
            return;
        }
        BuildReporting reporting = this.reporting.get();
        if (reporting != null) {
            reporting.executionEnded(execution.key, succeeded);
        }
    }

    @Override
    public void projectDiscoveryStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectDiscoveryStarted(event);
        }
    }

    @Override
    public void sessionStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.sessionStarted(event);
        }
    }

    @Override
    public void sessionEnded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.sessionEnded(event);
        }
    }

    @Override
    public void projectSkipped(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectSkipped(event);
        }
    }

    @Override
    public void projectStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectStarted(event);
        }
    }

    @Override
    public void projectSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectSucceeded(event);
        }
    }

    @Override
    public void projectFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.projectFailed(event);
        }
    }

    @Override
    public void mojoSkipped(ExecutionEvent event) {
        if (delegate != null) {
            delegate.mojoSkipped(event);
        }
    }

    @Override
    public void forkStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkStarted(event);
        }
    }

    @Override
    public void forkSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkSucceeded(event);
        }
    }

    @Override
    public void forkFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkFailed(event);
        }
    }

    @Override
    public void forkedProjectStarted(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkedProjectStarted(event);
        }
    }

    @Override
    public void forkedProjectSucceeded(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkedProjectSucceeded(event);
        }
    }

    @Override
    public void forkedProjectFailed(ExecutionEvent event) {
        if (delegate != null) {
            delegate.forkedProjectFailed(event);
        }
    }
}
