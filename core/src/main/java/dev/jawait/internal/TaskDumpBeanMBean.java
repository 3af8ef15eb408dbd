package dev.jawait.internal;

/** The management interface of {@link TaskDumpBean}. */
public interface TaskDumpBeanMBean {
    /** Every suspended {@code @Async} call, as {@link dev.jawait.Tasks#dump()} gives it. */
    String dump();
}
