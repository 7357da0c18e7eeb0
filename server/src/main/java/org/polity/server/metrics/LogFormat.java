package org.polity.server.metrics;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.polity.server.config.ObservabilityConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log.format=json}: the console's lines become one JSON object each (Logback's own {@link JsonEncoder}:
 * timestamp, level, logger, thread, the message as written ({@code formattedMessage}) beside its template
 * and arguments, MDC, key-value pairs and the exception), which log collectors
 * (Loki, Elasticsearch, CloudWatch) read without a parsing rule. Text stays the default, for people.
 */
public final class LogFormat {
    private LogFormat() {}

    /** Switches the root logger's console appenders to {@code format}; text leaves logback.xml's pattern alone. */
    public static void apply(ObservabilityConfig.LogFormat format) {
        if (format != ObservabilityConfig.LogFormat.JSON
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> console
                    && !(console.getEncoder() instanceof JsonEncoder)) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithFormattedMessage(true); // the sentence as written, beside its template and arguments
                json.start();
                console.stop();
                console.setEncoder(json);
                console.start();
            }
        }
    }
}
