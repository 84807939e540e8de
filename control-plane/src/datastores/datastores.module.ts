import { Module } from '@nestjs/common';
import { DatastoresController } from './datastores.controller';
import { DatastoresService } from './datastores.service';

@Module({ controllers: [DatastoresController], providers: [DatastoresService], exports: [DatastoresService] })
export class DatastoresModule {}
