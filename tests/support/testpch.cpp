// Gives busmon_test_pch something to compile; the point of the target is its precompiled header.
