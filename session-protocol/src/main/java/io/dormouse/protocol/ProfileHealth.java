package io.dormouse.protocol;

/**
 * What the health-monitor applies to the sessions of one profile: the JS heap past which a session is recycled (the
 * monitor's default when absent) and the probe that tells whether it is still logged in (none when absent). The
 * registry keeps it per profile and copies it into each session's {@link SessionSpec}.
 */
public record ProfileHealth(Integer memoryThresholdMb, AuthProbe authProbe) {
    public static final int MIN_MEMORY_THRESHOLD_MB = 16;
    public static final int MAX_MEMORY_THRESHOLD_MB = 65_536;

    public ProfileHealth {
        if (memoryThresholdMb != null
                && (memoryThresholdMb < MIN_MEMORY_THRESHOLD_MB || memoryThresholdMb > MAX_MEMORY_THRESHOLD_MB)) {
            throw new IllegalArgumentException("memoryThresholdMb must be " + MIN_MEMORY_THRESHOLD_MB + " to "
                    + MAX_MEMORY_THRESHOLD_MB + ", got " + memoryThresholdMb);
        }
    }

    public static final ProfileHealth NONE = new ProfileHealth(null, null);
}
