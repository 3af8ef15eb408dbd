package dev.jawait.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.StepRequest;
import dev.jawait.Await;
import dev.jawait.testing.FixtureCompiler;
import dev.jawait.transform.InstrumentReport;
import dev.jawait.transform.Instrumenter;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real debugger (JDI) on a rewritten method in a child JVM: a breakpoint after a real suspension stops on its line
 * with the method's variables named and valued as in the source, and stepping goes to the next line.
 */
class DebuggerTest {
    @TempDir
    Path classes;

    @Test
    void breakpointsAndSteppingAfterAResumeShowTheSourceLinesAndVariables() throws Exception {
        String source = new String(Files.readAllBytes(Paths.get("src/test/resources/fixtures/Debuggee.java")),
                StandardCharsets.UTF_8);
        int breakLine = lineOf(source, "// BREAK HERE");
        int nextLine = lineOf(source, "// NEXT LINE");
        for (Map.Entry<String, byte[]> compiled : FixtureCompiler.compile(Map.of("fx.Debuggee", source), 11)
                .entrySet()) {
            Path file = classes.resolve(compiled.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, compiled.getValue());
        }
        InstrumentReport report = new Instrumenter(Instrumenter.resourcesOf(getClass().getClassLoader()), n -> true)
                .instrument(classes, classes);
        assertEquals(1, report.rewrittenMethods().size(), report.summary());

        Process debuggee = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0",
                "-cp", classes + File.pathSeparator + location(Await.class), "fx.Debuggee")
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(debuggee.getInputStream(),
                StandardCharsets.UTF_8));
        String listening = output.readLine();
        assertTrue(listening != null && listening.startsWith("Listening for transport dt_socket at address: "),
                listening);
        VirtualMachine vm = attach(Integer.parseInt(listening.substring(listening.lastIndexOf(':') + 1).trim()));
        try {
            ClassPrepareRequest prepare = vm.eventRequestManager().createClassPrepareRequest();
            prepare.addClassFilter("fx.Debuggee");
            prepare.enable();
            vm.resume();

            Map<String, Object> atBreakpoint = null;
            Map<String, Object> afterStep = null;
            int steppedTo = -1;
            boolean done = false;
            while (!done) {
                EventSet events = vm.eventQueue().remove(30_000);
                assertNotNull(events, "the debuggee stopped sending events");
                for (Event event : events) {
                    if (event instanceof ClassPrepareEvent) {
                        ReferenceType type = ((ClassPrepareEvent) event).referenceType();
                        // Two places have the line, as in every rewriter that keeps the first run apart from the
                        // resumption (EA Async too): the method's first run and the resume path. A debugger sets
                        // the breakpoint on both; the call suspended at the sleep, so it stops in the resume path.
                        List<Location> locations = type.locationsOfLine(breakLine);
                        assertEquals(2, locations.size(), "the first run and the resume path have line "
                                + breakLine);
                        for (Location location : locations) {
                            assertEquals("work", location.method().name());
                            vm.eventRequestManager().createBreakpointRequest(location).enable();
                        }
                    } else if (event instanceof BreakpointEvent) {
                        ThreadReference thread = ((BreakpointEvent) event).thread();
                        StackFrame frame = thread.frame(0);
                        assertEquals("work", frame.location().method().name());
                        assertEquals(breakLine, frame.location().lineNumber());
                        atBreakpoint = values(frame);
                        assertTrue(frame.thisObject() == null, "a static method");
                        StepRequest step = vm.eventRequestManager().createStepRequest(thread, StepRequest.STEP_LINE,
                                StepRequest.STEP_OVER);
                        step.addCountFilter(1);
                        step.enable();
                    } else if (event instanceof StepEvent) {
                        StackFrame frame = ((StepEvent) event).thread().frame(0);
                        steppedTo = frame.location().lineNumber();
                        afterStep = values(frame);
                        vm.eventRequestManager().deleteEventRequest(event.request());
                    } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
                        done = true;
                    }
                }
                if (!done) {
                    events.resume();
                }
            }
            // After the resume: the variables the method still uses, with their values; the parameter n, dead
            // after the await and so not saved, is no longer shown rather than shown with a wrong value.
            assertEquals(Map.of("label", "items", "total", 10), atBreakpoint);
            assertEquals(nextLine, steppedTo);
            assertEquals(Map.of("label", "items", "total", 11), afterStep);
        } finally {
            try {
                vm.dispose();
            } catch (RuntimeException alreadyGone) {
                // the debuggee has ended
            }
        }
        StringBuilder rest = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            rest.append(line).append('\n');
        }
        assertTrue(debuggee.waitFor(30, TimeUnit.SECONDS));
        assertTrue(rest.toString().contains("result: items=11"), rest.toString());
    }

    private static Map<String, Object> values(StackFrame frame) throws Exception {
        Map<String, Object> values = new TreeMap<>();
        for (LocalVariable variable : frame.visibleVariables()) {
            Object value = frame.getValue(variable);
            if (value instanceof StringReference) {
                value = ((StringReference) value).value();
            } else if (value instanceof IntegerValue) {
                value = ((IntegerValue) value).value();
            }
            values.put(variable.name(), value);
        }
        return values;
    }

    private static VirtualMachine attach(int port) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        return socket.attach(arguments);
    }

    private static int lineOf(String source, String marker) {
        return 1 + (int) source.substring(0, source.indexOf(marker)).chars().filter(c -> c == '\n').count();
    }

    private static String location(Class<?> type) throws Exception {
        return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    }
}
