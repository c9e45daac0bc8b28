package io.mmanet.jobs.testing;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/** Captures the formatted messages of one logger while open (log4j2 is the slf4j backend in tests). */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new ArrayList<>();

    public LogCapture(Class<?> source) {
        super("capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY);
        this.logger = (Logger) LogManager.getLogger(source);
        start();
        logger.addAppender(this);
    }

    @Override
    public synchronized void append(LogEvent event) {
        lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    @Override
    public void close() {
        logger.removeAppender(this);
        stop();
    }
}
