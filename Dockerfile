# The image deploy/kubernetes runs: Vaxiin, its libraries and lib/ (vendor profiles, keys, fonts).
# docker build -t vaxiin:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
RUN mvn -q -B -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib

FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --home-dir /var/lib/vaxiin --create-home vaxiin
COPY --from=build /src/target/vaxiin.jar /opt/vaxiin/vaxiin.jar
COPY --from=build /src/target/lib /opt/vaxiin/lib
COPY lib /opt/vaxiin/home/lib
RUN printf '#!/bin/sh\nexec java -XX:+UseSerialGC -Dvaxiin.home=/opt/vaxiin/home -cp "/opt/vaxiin/vaxiin.jar:/opt/vaxiin/lib/*" io.vaxiin.cli.Cli "$@"\n' > /usr/local/bin/vaxiin \
 && chmod 755 /usr/local/bin/vaxiin
USER 10001
EXPOSE 9180
ENTRYPOINT ["vaxiin"]
CMD ["--help"]
