package dev.lighthouse.tree;

import java.util.Random;

/** Seeded random JSON documents and edits, for property tests. */
final class RandomDocuments {

    private final Random random;

    RandomDocuments(long seed) {
        this.random = new Random(seed);
    }

    ObjectNode document(int depth) {
        return (ObjectNode) object(depth);
    }

    Node value(int depth) {
        int kind = random.nextInt(depth <= 0 ? 4 : 6);
        return switch (kind) {
            case 0 -> StringNode.of(word());
            case 1 -> NumberNode.of(random.nextInt(1000) - 500);
            case 2 -> BooleanNode.of(random.nextBoolean());
            case 3 -> random.nextInt(4) == 0 ? NullNode.INSTANCE : NumberNode.ofLiteral(random.nextInt(100) + ".5");
            case 4 -> object(depth - 1);
            default -> array(depth - 1);
        };
    }

    /** A random change somewhere in the document: set, add, remove, reorder or replace a subtree. */
    ObjectNode mutate(ObjectNode document) {
        JsonPath target = randomContainerPath(document);
        Node container = Tree.find(document, target);
        Node replacement;
        if (container instanceof ObjectNode object) {
            replacement = mutateObject(object);
        } else {
            replacement = mutateArray((ArrayNode) container);
        }
        return target.isRoot() ? Edits.asDocument(replacement) : Edits.put(document, target, replacement);
    }

    private Node mutateObject(ObjectNode object) {
        int choice = random.nextInt(5);
        if (object.size() == 0 || choice == 0) {
            return object.with(word() + random.nextInt(1000), value(2));
        }
        String key = object.key(random.nextInt(object.size()));
        return switch (choice) {
            case 1 -> object.without(key);
            case 2 -> object.with(key, value(2));
            case 3 -> object.without(key).with(key, object.get(key));
            default -> ObjectNode.EMPTY.with("only", value(1));
        };
    }

    private Node mutateArray(ArrayNode array) {
        int choice = random.nextInt(4);
        if (array.size() == 0 || choice == 0) {
            return array.inserting(random.nextInt(array.size() + 1), value(2));
        }
        int index = random.nextInt(array.size());
        return switch (choice) {
            case 1 -> array.removing(index);
            case 2 -> array.with(index, value(2));
            default -> ArrayNode.EMPTY;
        };
    }

    private JsonPath randomContainerPath(ObjectNode document) {
        JsonPath path = JsonPath.ROOT;
        Node node = document;
        while (random.nextInt(3) != 0) {
            JsonPath next = null;
            if (node instanceof ObjectNode object && object.size() > 0) {
                int i = random.nextInt(object.size());
                if (object.value(i).isContainer()) {
                    next = path.child(object.key(i));
                    node = object.value(i);
                }
            } else if (node instanceof ArrayNode array && array.size() > 0) {
                int i = random.nextInt(array.size());
                if (array.get(i).isContainer()) {
                    next = path.child(Integer.toString(i));
                    node = array.get(i);
                }
            }
            if (next == null) {
                break;
            }
            path = next;
        }
        return path;
    }

    private Node object(int depth) {
        ObjectNode.Builder builder = new ObjectNode.Builder();
        int size = random.nextInt(6);
        for (int i = 0; i < size; i++) {
            builder.put(word() + i, value(depth));
        }
        return builder.build();
    }

    private Node array(int depth) {
        ArrayNode.Builder builder = new ArrayNode.Builder();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            builder.add(value(depth));
        }
        return builder.build();
    }

    private String word() {
        String[] words = {"a", "b/c", "~x", "ünï", "", "key", "0", "-", "host", "😀"};
        return words[random.nextInt(words.length)];
    }
}
