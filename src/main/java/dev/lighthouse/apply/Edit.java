package dev.lighthouse.apply;

import dev.lighthouse.tree.Edits;
import dev.lighthouse.tree.JsonPatch;
import dev.lighthouse.tree.JsonPath;
import dev.lighthouse.tree.Node;
import dev.lighthouse.tree.ObjectNode;
import dev.lighthouse.tree.PatchOp;
import java.util.List;

/** One change to the document, as a value: applying it is a pure function of the document. */
public sealed interface Edit {

    /** @throws dev.lighthouse.error.LighthouseException when the edit does not fit the document */
    ObjectNode applyTo(ObjectNode document);

    /** Sets the value at a path, creating missing parent objects. */
    record Put(JsonPath path, Node value) implements Edit {
        @Override
        public ObjectNode applyTo(ObjectNode document) {
            return Edits.put(document, path, value);
        }
    }

    /** Removes the value at a path. */
    record Delete(JsonPath path) implements Edit {
        @Override
        public ObjectNode applyTo(ObjectNode document) {
            return Edits.delete(document, path);
        }
    }

    /** RFC 7396 merge patch at a path. */
    record Merge(JsonPath path, Node patch) implements Edit {
        @Override
        public ObjectNode applyTo(ObjectNode document) {
            return Edits.mergePatch(document, path, patch);
        }
    }

    /** RFC 6902 JSON Patch with absolute paths. */
    record Patch(List<PatchOp> ops) implements Edit {
        public Patch {
            ops = List.copyOf(ops);
        }

        @Override
        public ObjectNode applyTo(ObjectNode document) {
            return JsonPatch.apply(document, ops);
        }
    }
}
