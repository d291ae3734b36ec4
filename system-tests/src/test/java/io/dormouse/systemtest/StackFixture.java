package io.dormouse.systemtest;

import java.util.Map;

/** A dedicated stack with the page server and a registry client: what a test that owns its stack needs. */
final class StackFixture implements AutoCloseable {
    final DormouseStack stack;
    final TestSite site;
    final Api registry;

    private StackFixture(DormouseStack stack, TestSite site) {
        this.stack = stack;
        this.site = site;
        this.registry = new Api(stack.registry().baseUrl());
    }

    static StackFixture open(int workers, Map<String, String> extraEnvironment) throws Exception {
        DormouseStack stack = DormouseStack.dedicated(workers, extraEnvironment);
        return new StackFixture(stack, new TestSite());
    }

    @Override
    public void close() throws Exception {
        site.close();
        stack.close();
    }
}
