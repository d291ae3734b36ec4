package io.dormouse.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A listing read page by page through the API's cursor, as a lazy stream: a page is asked for when it is reached. */
final class Paging {
    private Paging() {
    }

    /** One page and the cursor of the next; null when this is the last. */
    record Page<T>(List<T> items, String next) {
    }

    static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
        Iterator<T> items = new Iterator<>() {
            private Iterator<T> page = List.<T>of().iterator();
            private String cursor;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && !last) {
                    Page<T> next = fetch.apply(cursor);
                    page = next.items().iterator();
                    cursor = next.next();
                    last = cursor == null || cursor.isBlank();
                }
                return page.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
    }
}
