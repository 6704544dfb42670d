package io.acomm.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.acomm.Request;
import io.acomm.Response;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * The runtime hints that ahead-of-time processing contributes for {@link AcommTask} and {@link ResponseHandler}
 * methods, without which a native image could neither invoke them nor bind their args and results; and the
 * native-image metadata of junixsocket, which acomm relies on for its JNI library.
 */
class AcommRuntimeHintsTests {

    /** Args of a task: a record with a nested type, as Jackson binds them. */
    record VmSpec(String name, List<Disk> disks) {
    }

    /** A type reached only through {@link VmSpec}'s generic list. */
    record Disk(long sizeGb) {
    }

    /** The result of a task, returned inside a future. */
    record VmInfo(String id) {
    }

    /** The result a response handler receives, as an array. */
    record Migration(String host) {
    }

    /** A bean with acomm methods of every kind of signature. */
    static class VmBean {

        @AcommTask("vm.create")
        CompletableFuture<VmInfo> create(VmSpec spec, Request request) {
            return CompletableFuture.completedFuture(new VmInfo(spec.name()));
        }

        @AcommTask("vm.logs")
        InputStream logs(Request request) {
            return InputStream.nullInputStream();
        }

        @ResponseHandler(task = "vm.migrate", on = ResponseHandler.Outcome.SUCCESS)
        void migrated(Request request, Migration[] migrations, Response response) {
        }

        void notAcomm(Disk disk) {
        }
    }

    @Test
    void annotatedMethodsGetInvocationAndBindingHints() {
        RuntimeHints hints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, VmBean.class);
        assertAcommHints(hints);
    }

    @Test
    void aheadOfTimeProcessingOfAContextContributesTheHints() {
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(AcommRuntimeHintsTests.class)), new InMemoryGeneratedFiles());
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(VmBean.class);
            new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        }
        assertAcommHints(generation.getRuntimeHints());
    }

    /**
     * junixsocket brings its own JNI, reflection and resource configuration (and, in junixsocket-native-common, one
     * resource configuration per platform that includes its native library), so acomm adds none for it.
     */
    @Test
    void junixsocketShipsTheNativeImageMetadataOfItsJniLibrary() throws IOException {
        ClassLoader loader = AcommRuntimeHintsTests.class.getClassLoader();
        String common = "META-INF/native-image/com.kohlschutter.junixsocket/junixsocket-common/";
        for (String config : List.of("jni-config.json", "reflect-config.json", "resource-config.json")) {
            assertThat(Collections.list(loader.getResources(common + config))).as(config).isNotEmpty();
        }
    }

    private static void assertAcommHints(RuntimeHints hints) {
        assertThat(reflection().onMethodInvocation(method("create"))).accepts(hints);
        assertThat(reflection().onMethodInvocation(method("logs"))).accepts(hints);
        assertThat(reflection().onMethodInvocation(method("migrated"))).accepts(hints);
        assertThat(reflection().onMethodInvocation(method("notAcomm"))).rejects(hints);
        for (Class<?> bound : List.of(VmSpec.class, Disk.class, VmInfo.class, Migration.class)) {
            assertThat(reflection().onType(bound)).as("binding hints of %s", bound).accepts(hints);
            assertThat(reflection().onConstructorInvocation(bound.getDeclaredConstructors()[0]))
                    .as("constructor of %s", bound).accepts(hints);
        }
        assertThat(reflection().onMethodInvocation(VmSpec.class, "disks")).accepts(hints);
        assertThat(reflection().onType(Request.class)).rejects(hints);
        assertThat(reflection().onType(Response.class)).rejects(hints);
        assertThat(reflection().onType(CompletableFuture.class)).rejects(hints);
    }

    private static Method method(String name) {
        return ReflectionUtils.findMethod(VmBean.class, name, (Class<?>[]) null);
    }
}
