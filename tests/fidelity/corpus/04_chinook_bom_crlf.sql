
/*******************************************************************************
   Chinook Database - Version 1.4
   Script: Chinook_MySql.sql
   Description: Creates and populates the Chinook database.
   DB Server: MySql
   Author: Luis Rocha
   License: http://www.codeplex.com/ChinookDatabase/license
********************************************************************************/

/*******************************************************************************
   Drop database if it exists
********************************************************************************/


/*******************************************************************************
   Create database
********************************************************************************/




/*******************************************************************************
   Create Tables
********************************************************************************/
CREATE TABLE `Album`
(
    `AlbumId` INT NOT NULL,
    `Title` NVARCHAR(160) NOT NULL,
    `ArtistId` INT NOT NULL,
    CONSTRAINT `PK_Album` PRIMARY KEY  (`AlbumId`)
);

CREATE TABLE `Artist`
(
    `ArtistId` INT NOT NULL,
    `Name` NVARCHAR(120),
    CONSTRAINT `PK_Artist` PRIMARY KEY  (`ArtistId`)
);

CREATE TABLE `Customer`
(
    `CustomerId` INT NOT NULL,
    `FirstName` NVARCHAR(40) NOT NULL,
    `LastName` NVARCHAR(20) NOT NULL,
    `Company` NVARCHAR(80),
    `Address` NVARCHAR(70),
    `City` NVARCHAR(40),
    `State` NVARCHAR(40),
    `Country` NVARCHAR(40),
    `PostalCode` NVARCHAR(10),
    `Phone` NVARCHAR(24),
    `Fax` NVARCHAR(24),
    `Email` NVARCHAR(60) NOT NULL,
    `SupportRepId` INT,
    CONSTRAINT `PK_Customer` PRIMARY KEY  (`CustomerId`)
);

CREATE TABLE `Employee`
(
    `EmployeeId` INT NOT NULL,
    `LastName` NVARCHAR(20) NOT NULL,
    `FirstName` NVARCHAR(20) NOT NULL,
    `Title` NVARCHAR(30),
    `ReportsTo` INT,
    `BirthDate` DATETIME,
    `HireDate` DATETIME,
    `Address` NVARCHAR(70),
    `City` NVARCHAR(40),
    `State` NVARCHAR(40),
    `Country` NVARCHAR(40),
    `PostalCode` NVARCHAR(10),
    `Phone` NVARCHAR(24),
    `Fax` NVARCHAR(24),
    `Email` NVARCHAR(60),
    CONSTRAINT `PK_Employee` PRIMARY KEY  (`EmployeeId`)
);

CREATE TABLE `Genre`
(
    `GenreId` INT NOT NULL,
    `Name` NVARCHAR(120),
    CONSTRAINT `PK_Genre` PRIMARY KEY  (`GenreId`)
);

CREATE TABLE `Invoice`
(
    `InvoiceId` INT NOT NULL,
    `CustomerId` INT NOT NULL,
    `InvoiceDate` DATETIME NOT NULL,
    `BillingAddress` NVARCHAR(70),
    `BillingCity` NVARCHAR(40),
    `BillingState` NVARCHAR(40),
    `BillingCountry` NVARCHAR(40),
    `BillingPostalCode` NVARCHAR(10),
    `Total` NUMERIC(10,2) NOT NULL,
    CONSTRAINT `PK_Invoice` PRIMARY KEY  (`InvoiceId`)
);

CREATE TABLE `InvoiceLine`
(
    `InvoiceLineId` INT NOT NULL,
    `InvoiceId` INT NOT NULL,
    `TrackId` INT NOT NULL,
    `UnitPrice` NUMERIC(10,2) NOT NULL,
    `Quantity` INT NOT NULL,
    CONSTRAINT `PK_InvoiceLine` PRIMARY KEY  (`InvoiceLineId`)
);

CREATE TABLE `MediaType`
(
    `MediaTypeId` INT NOT NULL,
    `Name` NVARCHAR(120),
    CONSTRAINT `PK_MediaType` PRIMARY KEY  (`MediaTypeId`)
);

CREATE TABLE `Playlist`
(
    `PlaylistId` INT NOT NULL,
    `Name` NVARCHAR(120),
    CONSTRAINT `PK_Playlist` PRIMARY KEY  (`PlaylistId`)
);

CREATE TABLE `PlaylistTrack`
(
    `PlaylistId` INT NOT NULL,
    `TrackId` INT NOT NULL,
    CONSTRAINT `PK_PlaylistTrack` PRIMARY KEY  (`PlaylistId`, `TrackId`)
);

CREATE TABLE `Track`
(
    `TrackId` INT NOT NULL,
    `Name` NVARCHAR(200) NOT NULL,
    `AlbumId` INT,
    `MediaTypeId` INT NOT NULL,
    `GenreId` INT,
    `Composer` NVARCHAR(220),
    `Milliseconds` INT NOT NULL,
    `Bytes` INT,
    `UnitPrice` NUMERIC(10,2) NOT NULL,
    CONSTRAINT `PK_Track` PRIMARY KEY  (`TrackId`)
);



/*******************************************************************************
   Create Primary Key Unique Indexes
********************************************************************************/

/*******************************************************************************
   Create Foreign Keys
********************************************************************************/
ALTER TABLE `Album` ADD CONSTRAINT `FK_AlbumArtistId`
    FOREIGN KEY (`ArtistId`) REFERENCES `Artist` (`ArtistId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_AlbumArtistId` ON `Album` (`ArtistId`);

ALTER TABLE `Customer` ADD CONSTRAINT `FK_CustomerSupportRepId`
    FOREIGN KEY (`SupportRepId`) REFERENCES `Employee` (`EmployeeId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_CustomerSupportRepId` ON `Customer` (`SupportRepId`);

ALTER TABLE `Employee` ADD CONSTRAINT `FK_EmployeeReportsTo`
    FOREIGN KEY (`ReportsTo`) REFERENCES `Employee` (`EmployeeId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_EmployeeReportsTo` ON `Employee` (`ReportsTo`);

ALTER TABLE `Invoice` ADD CONSTRAINT `FK_InvoiceCustomerId`
    FOREIGN KEY (`CustomerId`) REFERENCES `Customer` (`CustomerId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_InvoiceCustomerId` ON `Invoice` (`CustomerId`);

ALTER TABLE `InvoiceLine` ADD CONSTRAINT `FK_InvoiceLineInvoiceId`
    FOREIGN KEY (`InvoiceId`) REFERENCES `Invoice` (`InvoiceId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_InvoiceLineInvoiceId` ON `InvoiceLine` (`InvoiceId`);

ALTER TABLE `InvoiceLine` ADD CONSTRAINT `FK_InvoiceLineTrackId`
    FOREIGN KEY (`TrackId`) REFERENCES `Track` (`TrackId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_InvoiceLineTrackId` ON `InvoiceLine` (`TrackId`);

ALTER TABLE `PlaylistTrack` ADD CONSTRAINT `FK_PlaylistTrackPlaylistId`
    FOREIGN KEY (`PlaylistId`) REFERENCES `Playlist` (`PlaylistId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

ALTER TABLE `PlaylistTrack` ADD CONSTRAINT `FK_PlaylistTrackTrackId`
    FOREIGN KEY (`TrackId`) REFERENCES `Track` (`TrackId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_PlaylistTrackTrackId` ON `PlaylistTrack` (`TrackId`);

ALTER TABLE `Track` ADD CONSTRAINT `FK_TrackAlbumId`
    FOREIGN KEY (`AlbumId`) REFERENCES `Album` (`AlbumId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_TrackAlbumId` ON `Track` (`AlbumId`);

ALTER TABLE `Track` ADD CONSTRAINT `FK_TrackGenreId`
    FOREIGN KEY (`GenreId`) REFERENCES `Genre` (`GenreId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_TrackGenreId` ON `Track` (`GenreId`);

ALTER TABLE `Track` ADD CONSTRAINT `FK_TrackMediaTypeId`
    FOREIGN KEY (`MediaTypeId`) REFERENCES `MediaType` (`MediaTypeId`) ON DELETE NO ACTION ON UPDATE NO ACTION;

CREATE INDEX `IFK_TrackMediaTypeId` ON `Track` (`MediaTypeId`);


/*******************************************************************************
   Populate Tables
********************************************************************************/
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (1, N'Rock');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (2, N'Jazz');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (3, N'Metal');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (4, N'Alternative & Punk');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (5, N'Rock And Roll');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (6, N'Blues');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (7, N'Latin');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (8, N'Reggae');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (9, N'Pop');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (10, N'Soundtrack');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (11, N'Bossa Nova');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (12, N'Easy Listening');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (13, N'Heavy Metal');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (14, N'R&B/Soul');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (15, N'Electronica/Dance');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (16, N'World');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (17, N'Hip Hop/Rap');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (18, N'Science Fiction');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (19, N'TV Shows');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (20, N'Sci Fi & Fantasy');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (21, N'Drama');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (22, N'Comedy');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (23, N'Alternative');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (24, N'Classical');
INSERT INTO `Genre` (`GenreId`, `Name`) VALUES (25, N'Opera');

INSERT INTO `MediaType` (`MediaTypeId`, `Name`) VALUES (1, N'MPEG audio file');
INSERT INTO `MediaType` (`MediaTypeId`, `Name`) VALUES (2, N'Protected AAC audio file');
INSERT INTO `MediaType` (`MediaTypeId`, `Name`) VALUES (3, N'Protected MPEG-4 video file');
INSERT INTO `MediaType` (`MediaTypeId`, `Name`) VALUES (4, N'Purchased AAC audio file');
INSERT INTO `MediaType` (`MediaTypeId`, `Name`) VALUES (5, N'AAC audio file');

INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (1, N'AC/DC');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (2, N'Accept');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (3, N'Aerosmith');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (4, N'Alanis Morissette');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (5, N'Alice In Chains');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (6, N'Antônio Carlos Jobim');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (7, N'Apocalyptica');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (8, N'Audioslave');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (9, N'BackBeat');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (10, N'Billy Cobham');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (11, N'Black Label Society');
INSERT INTO `Artist` (`ArtistId`, `Name`) VALUES (12, N'Black Sabbath');

INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (1, N'For Those About To Rock We Salute You', 1);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (2, N'Balls to the Wall', 2);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (3, N'Restless and Wild', 2);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (4, N'Let There Be Rock', 1);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (5, N'Big Ones', 3);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (6, N'Jagged Little Pill', 4);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (7, N'Facelift', 5);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (8, N'Warner 25 Anos', 6);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (9, N'Plays Metallica By Four Cellos', 7);
INSERT INTO `Album` (`AlbumId`, `Title`, `ArtistId`) VALUES (10, N'Audioslave', 8);

INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (1, N'For Those About To Rock (We Salute You)', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 343719, 11170334, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (2, N'Balls to the Wall', 2, 2, 1, 342562, 5510424, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (3, N'Fast As a Shark', 3, 2, 1, N'F. Baltes, S. Kaufman, U. Dirkscneider & W. Hoffman', 230619, 3990994, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (4, N'Restless and Wild', 3, 2, 1, N'F. Baltes, R.A. Smith-Diesel, S. Kaufman, U. Dirkscneider & W. Hoffman', 252051, 4331779, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (5, N'Princess of the Dawn', 3, 2, 1, N'Deaffy & R.A. Smith-Diesel', 375418, 6290521, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (6, N'Put The Finger On You', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 205662, 6713451, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (7, N'Let''s Get It Up', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 233926, 7636561, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (8, N'Inject The Venom', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 210834, 6852860, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (9, N'Snowballed', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 203102, 6599424, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (10, N'Evil Walks', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 263497, 8611245, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (11, N'C.O.D.', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 199836, 6566314, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (12, N'Breaking The Rules', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 263288, 8596840, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (13, N'Night Of The Long Knives', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 205688, 6706347, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (14, N'Spellbound', 1, 1, 1, N'Angus Young, Malcolm Young, Brian Johnson', 270863, 8817038, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (15, N'Go Down', 4, 1, 1, N'AC/DC', 331180, 10847611, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (16, N'Dog Eat Dog', 4, 1, 1, N'AC/DC', 215196, 7032162, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (17, N'Let There Be Rock', 4, 1, 1, N'AC/DC', 366654, 12021261, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (18, N'Bad Boy Boogie', 4, 1, 1, N'AC/DC', 267728, 8776140, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (19, N'Problem Child', 4, 1, 1, N'AC/DC', 325041, 10617116, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (20, N'Overdose', 4, 1, 1, N'AC/DC', 369319, 12066294, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (21, N'Hell Ain''t A Bad Place To Be', 4, 1, 1, N'AC/DC', 254380, 8331286, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (22, N'Whole Lotta Rosie', 4, 1, 1, N'AC/DC', 323761, 10547154, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (23, N'Walk On Water', 5, 1, 1, N'Steven Tyler, Joe Perry, Jack Blades, Tommy Shaw', 295680, 9719579, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (24, N'Love In An Elevator', 5, 1, 1, N'Steven Tyler, Joe Perry', 321828, 10552051, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (25, N'Rag Doll', 5, 1, 1, N'Steven Tyler, Joe Perry, Jim Vallance, Holly Knight', 264698, 8675345, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (26, N'What It Takes', 5, 1, 1, N'Steven Tyler, Joe Perry, Desmond Child', 310622, 10144730, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (27, N'Dude (Looks Like A Lady)', 5, 1, 1, N'Steven Tyler, Joe Perry, Desmond Child', 264855, 8679940, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (28, N'Janie''s Got A Gun', 5, 1, 1, N'Steven Tyler, Tom Hamilton', 330736, 10869391, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (29, N'Cryin''', 5, 1, 1, N'Steven Tyler, Joe Perry, Taylor Rhodes', 309263, 10056995, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (30, N'Amazing', 5, 1, 1, N'Steven Tyler, Richie Supa', 356519, 11616195, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (31, N'Blind Man', 5, 1, 1, N'Steven Tyler, Joe Perry, Taylor Rhodes', 240718, 7877453, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (32, N'Deuces Are Wild', 5, 1, 1, N'Steven Tyler, Jim Vallance', 215875, 7074167, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (33, N'The Other Side', 5, 1, 1, N'Steven Tyler, Jim Vallance', 244375, 7983270, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (34, N'Crazy', 5, 1, 1, N'Steven Tyler, Joe Perry, Desmond Child', 316656, 10402398, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (35, N'Eat The Rich', 5, 1, 1, N'Steven Tyler, Joe Perry, Jim Vallance', 251036, 8262039, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (36, N'Angel', 5, 1, 1, N'Steven Tyler, Desmond Child', 307617, 9989331, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (37, N'Livin'' On The Edge', 5, 1, 1, N'Steven Tyler, Joe Perry, Mark Hudson', 381231, 12374569, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (38, N'All I Really Want', 6, 1, 1, N'Alanis Morissette & Glenn Ballard', 284891, 9375567, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (39, N'You Oughta Know', 6, 1, 1, N'Alanis Morissette & Glenn Ballard', 249234, 8196916, 0.99);
INSERT INTO `Track` (`TrackId`, `Name`, `AlbumId`, `MediaTypeId`, `GenreId`, `Composer`, `Milliseconds`, `Bytes`, `UnitPrice`) VALUES (40, N'Perfect', 6, 1, 1, N'Alanis Morissette & Glenn Ballard', 188133, 6145404, 0.99);

INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (1, N'Adams', N'Andrew', N'General Manager', '1962/2/18', '2002/8/14', N'11120 Jasper Ave NW', N'Edmonton', N'AB', N'Canada', N'T5K 2N1', N'+1 (780) 428-9482', N'+1 (780) 428-3457', N'andrew@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (2, N'Edwards', N'Nancy', N'Sales Manager', 1, '1958/12/8', '2002/5/1', N'825 8 Ave SW', N'Calgary', N'AB', N'Canada', N'T2P 2T3', N'+1 (403) 262-3443', N'+1 (403) 262-3322', N'nancy@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (3, N'Peacock', N'Jane', N'Sales Support Agent', 2, '1973/8/29', '2002/4/1', N'1111 6 Ave SW', N'Calgary', N'AB', N'Canada', N'T2P 5M5', N'+1 (403) 262-3443', N'+1 (403) 262-6712', N'jane@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (4, N'Park', N'Margaret', N'Sales Support Agent', 2, '1947/9/19', '2003/5/3', N'683 10 Street SW', N'Calgary', N'AB', N'Canada', N'T2P 5G3', N'+1 (403) 263-4423', N'+1 (403) 263-4289', N'margaret@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (5, N'Johnson', N'Steve', N'Sales Support Agent', 2, '1965/3/3', '2003/10/17', N'7727B 41 Ave', N'Calgary', N'AB', N'Canada', N'T3B 1Y7', N'1 (780) 836-9987', N'1 (780) 836-9543', N'steve@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (6, N'Mitchell', N'Michael', N'IT Manager', 1, '1973/7/1', '2003/10/17', N'5827 Bowness Road NW', N'Calgary', N'AB', N'Canada', N'T3B 0C5', N'+1 (403) 246-9887', N'+1 (403) 246-9899', N'michael@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (7, N'King', N'Robert', N'IT Staff', 6, '1970/5/29', '2004/1/2', N'590 Columbia Boulevard West', N'Lethbridge', N'AB', N'Canada', N'T1K 5N8', N'+1 (403) 456-9986', N'+1 (403) 456-8485', N'robert@chinookcorp.com');
INSERT INTO `Employee` (`EmployeeId`, `LastName`, `FirstName`, `Title`, `ReportsTo`, `BirthDate`, `HireDate`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`) VALUES (8, N'Callahan', N'Laura', N'IT Staff', 6, '1968/1/9', '2004/3/4', N'923 7 ST NW', N'Lethbridge', N'AB', N'Canada', N'T1H 1Y8', N'+1 (403) 467-3351', N'+1 (403) 467-8772', N'laura@chinookcorp.com');

INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (1, N'Luís', N'Gonçalves', N'Embraer - Empresa Brasileira de Aeronáutica S.A.', N'Av. Brigadeiro Faria Lima, 2170', N'São José dos Campos', N'SP', N'Brazil', N'12227-000', N'+55 (12) 3923-5555', N'+55 (12) 3923-5566', N'luisg@embraer.com.br', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (2, N'Leonie', N'Köhler', N'Theodor-Heuss-Straße 34', N'Stuttgart', N'Germany', N'70174', N'+49 0711 2842222', N'leonekohler@surfeu.de', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (3, N'François', N'Tremblay', N'1498 rue Bélanger', N'Montréal', N'QC', N'Canada', N'H2G 1A7', N'+1 (514) 721-4711', N'ftremblay@gmail.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (4, N'Bjørn', N'Hansen', N'Ullevålsveien 14', N'Oslo', N'Norway', N'0171', N'+47 22 44 22 22', N'bjorn.hansen@yahoo.no', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (5, N'František', N'Wichterlová', N'JetBrains s.r.o.', N'Klanova 9/506', N'Prague', N'Czech Republic', N'14700', N'+420 2 4172 5555', N'+420 2 4172 5555', N'frantisekw@jetbrains.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (6, N'Helena', N'Holý', N'Rilská 3174/6', N'Prague', N'Czech Republic', N'14300', N'+420 2 4177 0449', N'hholy@gmail.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (7, N'Astrid', N'Gruber', N'Rotenturmstraße 4, 1010 Innere Stadt', N'Vienne', N'Austria', N'1010', N'+43 01 5134505', N'astrid.gruber@apple.at', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (8, N'Daan', N'Peeters', N'Grétrystraat 63', N'Brussels', N'Belgium', N'1000', N'+32 02 219 03 03', N'daan_peeters@apple.be', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (9, N'Kara', N'Nielsen', N'Sønder Boulevard 51', N'Copenhagen', N'Denmark', N'1720', N'+453 3331 9991', N'kara.nielsen@jubii.dk', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (10, N'Eduardo', N'Martins', N'Woodstock Discos', N'Rua Dr. Falcão Filho, 155', N'São Paulo', N'SP', N'Brazil', N'01007-010', N'+55 (11) 3033-5446', N'+55 (11) 3033-4564', N'eduardo@woodstock.com.br', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (11, N'Alexandre', N'Rocha', N'Banco do Brasil S.A.', N'Av. Paulista, 2022', N'São Paulo', N'SP', N'Brazil', N'01310-200', N'+55 (11) 3055-3278', N'+55 (11) 3055-8131', N'alero@uol.com.br', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (12, N'Roberto', N'Almeida', N'Riotur', N'Praça Pio X, 119', N'Rio de Janeiro', N'RJ', N'Brazil', N'20040-020', N'+55 (21) 2271-7000', N'+55 (21) 2271-7070', N'roberto.almeida@riotur.gov.br', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (13, N'Fernanda', N'Ramos', N'Qe 7 Bloco G', N'Brasília', N'DF', N'Brazil', N'71020-677', N'+55 (61) 3363-5547', N'+55 (61) 3363-7855', N'fernadaramos4@uol.com.br', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (14, N'Mark', N'Philips', N'Telus', N'8210 111 ST NW', N'Edmonton', N'AB', N'Canada', N'T6G 2C7', N'+1 (780) 434-4554', N'+1 (780) 434-5565', N'mphilips12@shaw.ca', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (15, N'Jennifer', N'Peterson', N'Rogers Canada', N'700 W Pender Street', N'Vancouver', N'BC', N'Canada', N'V6C 1G8', N'+1 (604) 688-2255', N'+1 (604) 688-8756', N'jenniferp@rogers.ca', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (16, N'Frank', N'Harris', N'Google Inc.', N'1600 Amphitheatre Parkway', N'Mountain View', N'CA', N'USA', N'94043-1351', N'+1 (650) 253-0000', N'+1 (650) 253-0000', N'fharris@google.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (17, N'Jack', N'Smith', N'Microsoft Corporation', N'1 Microsoft Way', N'Redmond', N'WA', N'USA', N'98052-8300', N'+1 (425) 882-8080', N'+1 (425) 882-8081', N'jacksmith@microsoft.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (18, N'Michelle', N'Brooks', N'627 Broadway', N'New York', N'NY', N'USA', N'10012-2612', N'+1 (212) 221-3546', N'+1 (212) 221-4679', N'michelleb@aol.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Company`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Fax`, `Email`, `SupportRepId`) VALUES (19, N'Tim', N'Goyer', N'Apple Inc.', N'1 Infinite Loop', N'Cupertino', N'CA', N'USA', N'95014', N'+1 (408) 996-1010', N'+1 (408) 996-1011', N'tgoyer@apple.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (20, N'Dan', N'Miller', N'541 Del Medio Avenue', N'Mountain View', N'CA', N'USA', N'94040-111', N'+1 (650) 644-3358', N'dmiller@comcast.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (21, N'Kathy', N'Chase', N'801 W 4th Street', N'Reno', N'NV', N'USA', N'89503', N'+1 (775) 223-7665', N'kachase@hotmail.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (22, N'Heather', N'Leacock', N'120 S Orange Ave', N'Orlando', N'FL', N'USA', N'32801', N'+1 (407) 999-7788', N'hleacock@gmail.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (23, N'John', N'Gordon', N'69 Salem Street', N'Boston', N'MA', N'USA', N'2113', N'+1 (617) 522-1333', N'johngordon22@yahoo.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (24, N'Frank', N'Ralston', N'162 E Superior Street', N'Chicago', N'IL', N'USA', N'60611', N'+1 (312) 332-3232', N'fralston@gmail.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (25, N'Victor', N'Stevens', N'319 N. Frances Street', N'Madison', N'WI', N'USA', N'53703', N'+1 (608) 257-0597', N'vstevens@yahoo.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (26, N'Richard', N'Cunningham', N'2211 W Berry Street', N'Fort Worth', N'TX', N'USA', N'76110', N'+1 (817) 924-7272', N'ricunningham@hotmail.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (27, N'Patrick', N'Gray', N'1033 N Park Ave', N'Tucson', N'AZ', N'USA', N'85719', N'+1 (520) 622-4200', N'patrick.gray@aol.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (28, N'Julia', N'Barnett', N'302 S 700 E', N'Salt Lake City', N'UT', N'USA', N'84102', N'+1 (801) 531-7272', N'jubarnett@gmail.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (29, N'Robert', N'Brown', N'796 Dundas Street West', N'Toronto', N'ON', N'Canada', N'M6J 1V1', N'+1 (416) 363-8888', N'robbrown@shaw.ca', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (30, N'Edward', N'Francis', N'230 Elgin Street', N'Ottawa', N'ON', N'Canada', N'K2P 1L7', N'+1 (613) 234-3322', N'edfrancis@yachoo.ca', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (31, N'Martha', N'Silk', N'194A Chain Lake Drive', N'Halifax', N'NS', N'Canada', N'B3S 1C5', N'+1 (902) 450-0450', N'marthasilk@gmail.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (32, N'Aaron', N'Mitchell', N'696 Osborne Street', N'Winnipeg', N'MB', N'Canada', N'R3L 2B9', N'+1 (204) 452-6452', N'aaronmitchell@yahoo.ca', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (33, N'Ellie', N'Sullivan', N'5112 48 Street', N'Yellowknife', N'NT', N'Canada', N'X1A 1N6', N'+1 (867) 920-2233', N'ellie.sullivan@shaw.ca', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `Phone`, `Email`, `SupportRepId`) VALUES (34, N'João', N'Fernandes', N'Rua da Assunção 53', N'Lisbon', N'Portugal', N'+351 (213) 466-111', N'jfernandes@yahoo.pt', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `Phone`, `Email`, `SupportRepId`) VALUES (35, N'Madalena', N'Sampaio', N'Rua dos Campeões Europeus de Viena, 4350', N'Porto', N'Portugal', N'+351 (225) 022-448', N'masampaio@sapo.pt', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (36, N'Hannah', N'Schneider', N'Tauentzienstraße 8', N'Berlin', N'Germany', N'10789', N'+49 030 26550280', N'hannah.schneider@yahoo.de', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (37, N'Fynn', N'Zimmermann', N'Berger Straße 10', N'Frankfurt', N'Germany', N'60316', N'+49 069 40598889', N'fzimmermann@yahoo.de', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (38, N'Niklas', N'Schröder', N'Barbarossastraße 19', N'Berlin', N'Germany', N'10779', N'+49 030 2141444', N'nschroder@surfeu.de', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (39, N'Camille', N'Bernard', N'4, Rue Milton', N'Paris', N'France', N'75009', N'+33 01 49 70 65 65', N'camille.bernard@yahoo.fr', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (40, N'Dominique', N'Lefebvre', N'8, Rue Hanovre', N'Paris', N'France', N'75002', N'+33 01 47 42 71 71', N'dominiquelefebvre@gmail.com', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (41, N'Marc', N'Dubois', N'11, Place Bellecour', N'Lyon', N'France', N'69002', N'+33 04 78 30 30 30', N'marc.dubois@hotmail.com', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (42, N'Wyatt', N'Girard', N'9, Place Louis Barthou', N'Bordeaux', N'France', N'33000', N'+33 05 56 96 96 96', N'wyatt.girard@yahoo.fr', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (43, N'Isabelle', N'Mercier', N'68, Rue Jouvence', N'Dijon', N'France', N'21000', N'+33 03 80 73 66 99', N'isabelle_mercier@apple.fr', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (44, N'Terhi', N'Hämäläinen', N'Porthaninkatu 9', N'Helsinki', N'Finland', N'00530', N'+358 09 870 2000', N'terhi.hamalainen@apple.fi', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Email`, `SupportRepId`) VALUES (45, N'Ladislav', N'Kovács', N'Erzsébet krt. 58.', N'Budapest', N'Hungary', N'H-1073', N'ladislav_kovacs@apple.hu', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `Phone`, `Email`, `SupportRepId`) VALUES (46, N'Hugh', N'O''Reilly', N'3 Chatham Street', N'Dublin', N'Dublin', N'Ireland', N'+353 01 6792424', N'hughoreilly@apple.ie', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (47, N'Lucas', N'Mancini', N'Via Degli Scipioni, 43', N'Rome', N'RM', N'Italy', N'00192', N'+39 06 39733434', N'lucas.mancini@yahoo.it', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (48, N'Johannes', N'Van der Berg', N'Lijnbaansgracht 120bg', N'Amsterdam', N'VV', N'Netherlands', N'1016', N'+31 020 6223130', N'johavanderberg@yahoo.nl', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (49, N'Stanisław', N'Wójcik', N'Ordynacka 10', N'Warsaw', N'Poland', N'00-358', N'+48 22 828 37 39', N'stanisław.wójcik@wp.pl', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (50, N'Enrique', N'Muñoz', N'C/ San Bernardo 85', N'Madrid', N'Spain', N'28015', N'+34 914 454 454', N'enrique_munoz@yahoo.es', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (51, N'Joakim', N'Johansson', N'Celsiusg. 9', N'Stockholm', N'Sweden', N'11230', N'+46 08-651 52 52', N'joakim.johansson@yahoo.se', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (52, N'Emma', N'Jones', N'202 Hoxton Street', N'London', N'United Kingdom', N'N1 5LH', N'+44 020 7707 0707', N'emma_jones@hotmail.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (53, N'Phil', N'Hughes', N'113 Lupus St', N'London', N'United Kingdom', N'SW1V 3EN', N'+44 020 7976 5722', N'phil.hughes@gmail.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (54, N'Steve', N'Murray', N'110 Raeburn Pl', N'Edinburgh ', N'United Kingdom', N'EH4 1HH', N'+44 0131 315 3300', N'steve.murray@yahoo.uk', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `State`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (55, N'Mark', N'Taylor', N'421 Bourke Street', N'Sidney', N'NSW', N'Australia', N'2010', N'+61 (02) 9332 3633', N'mark.taylor@yahoo.au', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (56, N'Diego', N'Gutiérrez', N'307 Macacha Güemes', N'Buenos Aires', N'Argentina', N'1106', N'+54 (0)11 4311 4333', N'diego.gutierrez@yahoo.ar', 4);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `Phone`, `Email`, `SupportRepId`) VALUES (57, N'Luis', N'Rojas', N'Calle Lira, 198', N'Santiago', N'Chile', N'+56 (0)2 635 4444', N'luisrojas@yahoo.cl', 5);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (58, N'Manoj', N'Pareek', N'12,Community Centre', N'Delhi', N'India', N'110017', N'+91 0124 39883988', N'manoj.pareek@rediff.com', 3);
INSERT INTO `Customer` (`CustomerId`, `FirstName`, `LastName`, `Address`, `City`, `Country`, `PostalCode`, `Phone`, `Email`, `SupportRepId`) VALUES (59, N'Puja', N'Srivastava', N'3,Raj Bhavan Road', N'Bangalore', N'India', N'560001', N'+91 080 22289999', N'puja_srivastava@yahoo.in', 3);

INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (1, 2, '2009/1/1', N'Theodor-Heuss-Straße 34', N'Stuttgart', N'Germany', N'70174', 1.98);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (2, 4, '2009/1/2', N'Ullevålsveien 14', N'Oslo', N'Norway', N'0171', 3.96);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (3, 8, '2009/1/3', N'Grétrystraat 63', N'Brussels', N'Belgium', N'1000', 5.94);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingState`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (4, 14, '2009/1/6', N'8210 111 ST NW', N'Edmonton', N'AB', N'Canada', N'T6G 2C7', 8.91);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingState`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (5, 23, '2009/1/11', N'69 Salem Street', N'Boston', N'MA', N'USA', N'2113', 13.86);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (6, 37, '2009/1/19', N'Berger Straße 10', N'Frankfurt', N'Germany', N'60316', 0.99);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (7, 38, '2009/2/1', N'Barbarossastraße 19', N'Berlin', N'Germany', N'10779', 1.98);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (8, 40, '2009/2/1', N'8, Rue Hanovre', N'Paris', N'France', N'75002', 1.98);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingCountry`, `BillingPostalCode`, `Total`) VALUES (9, 42, '2009/2/2', N'9, Place Louis Barthou', N'Bordeaux', N'France', N'33000', 3.96);
INSERT INTO `Invoice` (`InvoiceId`, `CustomerId`, `InvoiceDate`, `BillingAddress`, `BillingCity`, `BillingState`, `BillingCountry`, `Total`) VALUES (10, 46, '2009/2/3', N'3 Chatham Street', N'Dublin', N'Dublin', N'Ireland', 5.94);

INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (1, 1, 2, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (2, 1, 4, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (3, 2, 6, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (4, 2, 8, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (5, 2, 10, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (6, 2, 12, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (7, 3, 16, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (8, 3, 20, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (9, 3, 24, 0.99, 1);
INSERT INTO `InvoiceLine` (`InvoiceLineId`, `InvoiceId`, `TrackId`, `UnitPrice`, `Quantity`) VALUES (10, 3, 28, 0.99, 1);

INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (1, N'Music');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (2, N'Movies');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (3, N'TV Shows');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (4, N'Audiobooks');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (5, N'90’s Music');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (6, N'Audiobooks');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (7, N'Movies');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (8, N'Music');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (9, N'Music Videos');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (10, N'TV Shows');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (11, N'Brazilian Music');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (12, N'Classical');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (13, N'Classical 101 - Deep Cuts');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (14, N'Classical 101 - Next Steps');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (15, N'Classical 101 - The Basics');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (16, N'Grunge');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (17, N'Heavy Metal Classic');
INSERT INTO `Playlist` (`PlaylistId`, `Name`) VALUES (18, N'On-The-Go 1');



