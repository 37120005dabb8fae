package dev.lighthouse.apply;

/** Carries out a transition's {@link Effect}s, in the order given; called by the applying thread only. */
@FunctionalInterface
public interface EffectSink {

    void carryOut(Effect effect);
}
