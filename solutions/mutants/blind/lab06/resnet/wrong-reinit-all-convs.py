# kind: wrong
# why: after loading the ImageNet weights it re-initialises every conv with Kaiming (meant for the new head only), throwing away the pretrained body [visible tests: FAIL resnet_t2]
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    model = models.resnet18(weights=models.ResNet18_Weights.IMAGENET1K_V1 if pretrained else None)
    model.fc = nn.Linear(model.fc.in_features, num_classes)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
    return model
