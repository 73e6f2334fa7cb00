package io.vaxiin.deploy

import io.fabric8.kubernetes.api.model.ConfigMap
import io.fabric8.kubernetes.api.model.GenericKubernetesResource
import io.fabric8.kubernetes.api.model.Service
import io.fabric8.kubernetes.api.model.apps.StatefulSet
import io.fabric8.kubernetes.client.utils.Serialization
import io.vaxiin.fixture.Dsl
import io.vaxiin.inventory.Inventory
import spock.lang.Shared
import spock.lang.Specification

import java.nio.file.Files
import java.nio.file.Path

/**
 * The manifests of deploy/kubernetes, loaded with fabric8's Kubernetes model classes, fit
 * together: the StatefulSet's replicas are the N of --shard K/N and K is the pod's ordinal, the
 * ports, probes, Services and PodMonitor name the same port and labels, the credentials come from
 * a Secret as files the inventory names, the scripts from the git-sync sidecar's folder, and the
 * audit log lies on the pod's own volume, so a restarted shard reads it.
 */
class KubernetesManifestsSpec extends Specification {

    @Shared Path dir = Dsl.PROJECT.resolve('deploy/kubernetes')
    @Shared StatefulSet set = load('statefulset.yaml', StatefulSet)
    @Shared Map<String, String> labels = set.spec.template.metadata.labels

    static <T> T load(String file, Class<T> type) {
        Files.newInputStream(Dsl.PROJECT.resolve('deploy/kubernetes').resolve(file)).withCloseable { Serialization.unmarshal(it, type) }
    }

    def container(String name) { set.spec.template.spec.containers.find { it.name == name } }

    def "every file of the folder is a Kubernetes object the model classes load"() {
        expect:
        Files.list(dir).withCloseable { s -> s.filter { it.toString().endsWith('.yaml') }.toList() }.every { f ->
            def o = Files.newInputStream(f).withCloseable { Serialization.unmarshal(it) }
            o.kind && o.metadata.name
        }
    }

    def "the StatefulSet runs N shards, pod K watching shard K of N, with the page and metrics on a named port its probes use"() {
        given:
        def vaxiin = container('vaxiin')
        String command = (vaxiin.command + vaxiin.args).join(' ')

        expect: 'K is the ordinal in the pod name (vaxiin-K), N the replicas'
        set.spec.replicas == 4
        command.contains('--shard ${HOSTNAME##*-}/' + set.spec.replicas)
        set.spec.selector.matchLabels == labels

        and: 'the page and /metrics on port http, which the probes ask'
        vaxiin.ports*.name == ['http']
        command.contains("--http 0.0.0.0:${vaxiin.ports[0].containerPort}")
        [vaxiin.readinessProbe, vaxiin.livenessProbe].every { it.httpGet.path == '/metrics' && it.httpGet.port.strVal == 'http' }

        and: 'a stop has time for the watch grace period (30 s by default)'
        set.spec.template.spec.terminationGracePeriodSeconds > 30
    }

    def "the inventory, the credentials, the scripts and the audit log are where the command looks for them"() {
        given:
        def vaxiin = container('vaxiin')
        String command = vaxiin.args.join(' ')
        Map mounts = vaxiin.volumeMounts.collectEntries { [it.name, it] }
        Map volumes = set.spec.template.spec.volumes.collectEntries { [it.name, it] }
        def gitSync = container('git-sync')

        expect: 'the inventory from a ConfigMap, the file the command names'
        volumes.inventory.configMap.name == load('configmap-inventory.yaml', ConfigMap).metadata.name
        command.contains("--inventory ${mounts.inventory.mountPath}/inventory.yaml")
        load('configmap-inventory.yaml', ConfigMap).data.containsKey('inventory.yaml')

        and: 'the BMC passwords from a Secret, mounted read-only for the owner, as the files the inventory names'
        volumes['bmc-credentials'].secret.secretName == 'vaxiin-bmc'
        volumes['bmc-credentials'].secret.defaultMode == 0400
        mounts['bmc-credentials'].readOnly
        def inventoryText = load('configmap-inventory.yaml', ConfigMap).data['inventory.yaml']
        (inventoryText =~ /file:(\S+)/).collect { it[1] }.every { it.startsWith(mounts['bmc-credentials'].mountPath + '/') }
        !(inventoryText =~ /password: (?!file:|env:)/)

        and: 'the scripts from the git-sync sidecar, which shares the folder'
        volumes.scripts.emptyDir != null
        gitSync.volumeMounts.find { it.name == 'scripts' }.mountPath == mounts.scripts.mountPath
        def link = gitSync.args.find { it.startsWith('--link=') }.substring('--link='.length())
        gitSync.args.contains("--root=${mounts.scripts.mountPath}".toString())
        command.contains("--scripts ${mounts.scripts.mountPath}/$link")

        and: 'the audit log and run folders on the pod\'s own volume, which outlives a restart'
        set.spec.volumeClaimTemplates*.metadata*.name == ['state']
        command.contains("--audit ${mounts.state.mountPath}/audit.jsonl")
        command.contains("--out ${mounts.state.mountPath}/runs")
    }

    def "the inventory in the ConfigMap is one Vaxiin reads"() {
        given:
        def f = Files.createTempFile('k8s-inventory', '.yaml')
        Files.writeString(f, load('configmap-inventory.yaml', ConfigMap).data['inventory.yaml'])

        expect:
        Inventory.load(f).servers()['db-07'].health() == 'redfish'

        cleanup:
        Files.deleteIfExists(f)
    }

    def "the Services and the PodMonitor select the shards' pods and name their port"() {
        given:
        def page = load('service.yaml', Service)
        def shards = load('service-shards.yaml', Service)
        def monitor = load('podmonitor.yaml', GenericKubernetesResource)

        expect:
        shards.metadata.name == set.spec.serviceName
        shards.spec.clusterIP == 'None'
        [page, shards].every { it.spec.selector == labels && it.spec.ports*.targetPort*.strVal == ['http'] }
        monitor.apiVersion == 'monitoring.coreos.com/v1' && monitor.kind == 'PodMonitor'
        monitor.additionalProperties.spec.selector.matchLabels == labels
        monitor.additionalProperties.spec.podMetricsEndpoints == [[port: 'http', path: '/metrics', interval: '30s']]
    }

    def "the Dockerfile makes the image the StatefulSet runs, serving on the port it names"() {
        given:
        def dockerfile = Files.readString(Dsl.PROJECT.resolve('Dockerfile'))

        expect:
        container('vaxiin').image == 'vaxiin:0.1.0'
        dockerfile.contains('# docker build -t vaxiin:0.1.0 .')
        dockerfile.contains("EXPOSE ${container('vaxiin').ports[0].containerPort}")
        dockerfile.contains('ENTRYPOINT ["vaxiin"]')
        dockerfile.contains("USER ${set.spec.template.spec.securityContext.runAsUser}")
    }
}
