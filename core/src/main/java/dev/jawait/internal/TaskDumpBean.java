package dev.jawait.internal;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * The JMX entry point of the task dump: {@code dev.jawait:type=Tasks}, operation {@code dump()} (JConsole, jmxterm).
 */
public final class TaskDumpBean implements TaskDumpBeanMBean {
    public static final String NAME = "dev.jawait:type=Tasks";

    static void register() {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new TaskDumpBean(), new ObjectName(NAME));
        } catch (Exception | LinkageError noJmx) {
            System.getLogger("dev.jawait").log(System.Logger.Level.WARNING,
                    "jawait debug: cannot register the task dump MBean " + NAME, noJmx);
        }
    }

    @Override
    public String dump() {
        return DebugMode.dump();
    }
}
