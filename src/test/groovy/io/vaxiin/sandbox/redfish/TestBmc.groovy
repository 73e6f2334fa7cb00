package io.vaxiin.sandbox.redfish

import java.util.concurrent.CopyOnWriteArrayList

/**
 * A SimulatedBmc for tests: obeys at once by default, records every call, and can be told to
 * lie (accept resets and do nothing) or to revert (accept a boot override and keep the old one).
 */
class TestBmc implements SimulatedBmc {

    volatile SimulatedBmc.PowerState state = SimulatedBmc.PowerState.ON
    volatile SimulatedBmc.BootSetting bootSetting = SimulatedBmc.BootSetting.NONE
    final List<String> resets = new CopyOnWriteArrayList<>()
    final List<SimulatedBmc.BootSetting> bootRequests = new CopyOnWriteArrayList<>()
    volatile boolean lies
    volatile boolean reverts
    volatile List<String> allowedResets = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'PowerCycle', 'Nmi']

    @Override
    SimulatedBmc.PowerState power() { state }

    @Override
    List<String> resetTypes() { allowedResets }

    @Override
    void reset(String resetType) {
        resets << resetType
        if (lies) return
        switch (resetType) {
            case 'On': case 'ForceOn': case 'ForceRestart': case 'GracefulRestart': case 'PowerCycle':
                state = SimulatedBmc.PowerState.ON; break
            case 'ForceOff': case 'GracefulShutdown':
                state = SimulatedBmc.PowerState.OFF; break
        }
    }

    @Override
    SimulatedBmc.BootSetting boot() { bootSetting }

    @Override
    void setBoot(SimulatedBmc.BootSetting setting) {
        bootRequests << setting
        if (!reverts) bootSetting = setting
    }

    @Override
    String model() { 'Sandbox 9000' }
}
